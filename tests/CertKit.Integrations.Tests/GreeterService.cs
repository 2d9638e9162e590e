using CertKit.Integrations.Tests.Grpc;
using Grpc.Core;

namespace CertKit.Integrations.Tests;

/// <summary>Answers with the caller's name and the subject of the client certificate Kestrel accepted.</summary>
internal sealed class GreeterService : Greeter.GreeterBase
{
    public override Task<HelloReply> SayHello(HelloRequest request, ServerCallContext context)
    {
        var subject = context.GetHttpContext().Connection.ClientCertificate?.Subject ?? "no certificate";
        return Task.FromResult(new HelloReply { Message = $"Hello {request.Name}, {subject}" });
    }
}
