global using System.Security.Cryptography;
global using System.Security.Cryptography.X509Certificates;
global using Microsoft.VisualStudio.TestTools.UnitTesting;
