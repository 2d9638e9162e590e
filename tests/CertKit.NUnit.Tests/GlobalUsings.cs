global using System.Security.Cryptography.X509Certificates;
global using NUnit.Framework;
