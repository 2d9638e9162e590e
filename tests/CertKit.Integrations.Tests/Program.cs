using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

// The app under test of the WebApplicationFactory recipes, shaped like a real app's Program.cs so that the recipes read
// as they would in your test project. WebApplicationFactory<Program> runs these lines and takes over the host they build;
// the test runner never calls them.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/whoami", (HttpContext context) => context.Connection.ClientCertificate?.Subject ?? "anonymous");
app.Run();
