global using System.Security.Cryptography.X509Certificates;
global using CertKit.Servers.Tests.Support;
global using Microsoft.VisualStudio.TestTools.UnitTesting;
