using System.Data.Common;

namespace CertKit.Servers.Tests.Support;

/// <summary>What the database tests do with a connection besides the recipe: open one that must fail, read one value.</summary>
internal static class DbConnectionTesting
{
    /// <summary>Opens <paramref name="connection"/>, which must fail, disposes it and returns (and logs) why it failed.</summary>
    public static async Task<Exception> OpenFailsAsync(this DbConnection connection, TestContext context)
    {
        await using (connection)
        {
            var error = await Assert.ThrowsAsync<Exception>(() => connection.OpenAsync(context.CancellationToken));
            context.WriteLine(error.ToString());
            return error;
        }
    }

    public static async Task<T> ScalarAsync<T>(this DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
