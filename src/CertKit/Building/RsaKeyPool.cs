using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace CertKit.Building;

/// <summary>
/// RSA keys generated ahead of time on a background thread, because generating one costs a hundred milliseconds or
/// more. Each key is handed out once and never shared between certificates. A pool for a key size starts on the second
/// request for that size (a suite that makes one RSA-4096 certificate should not pay for four more) and keeps up to
/// <see cref="Capacity"/> keys ready; when it is empty, the caller generates its own key, as if there were no pool.
/// </summary>
/// <remarks>
/// Switch it off with the AppContext switch <c>CertKit.DisableRsaKeyPool</c> or the environment variable
/// <c>CERTKIT_DISABLE_RSA_KEY_POOL=1</c>, for example to measure raw key generation.
/// </remarks>
internal static class RsaKeyPool
{
    public const int Capacity = 4;

    private static readonly ConcurrentDictionary<int, Pool> Pools = new();

    public static bool Enabled { get; } =
        !(AppContext.TryGetSwitch("CertKit.DisableRsaKeyPool", out var disabled) && disabled)
        && Environment.GetEnvironmentVariable("CERTKIT_DISABLE_RSA_KEY_POOL") is not ("1" or "true");

    public static RSA Take(int keySizeInBits)
    {
        if (!Enabled)
        {
            return RSA.Create(keySizeInBits);
        }

        var pool = Pools.GetOrAdd(keySizeInBits, size => new Pool(size));
        var key = pool.TryTake() ?? RSA.Create(keySizeInBits);
        if (pool.CountRequest() > 1)
        {
            pool.Refill();
        }

        return key;
    }

    /// <summary>How many keys of a size are ready now (for tests and benchmarks).</summary>
    public static int Ready(int keySizeInBits) => Pools.TryGetValue(keySizeInBits, out var pool) ? pool.Count : 0;

    private sealed class Pool(int keySizeInBits)
    {
        private readonly ConcurrentQueue<RSA> _keys = new();
        private int _filling;
        private int _requests;

        public int CountRequest() => Interlocked.Increment(ref _requests);

        public int Count => _keys.Count;

        public RSA? TryTake() => _keys.TryDequeue(out var key) ? key : null;

        public void Refill()
        {
            if (_keys.Count >= Capacity || Interlocked.Exchange(ref _filling, 1) == 1)
            {
                return;
            }

            // A dedicated background thread, not the thread pool: key generation is long CPU work that would
            // otherwise hold a pool thread that the tests' async I/O is waiting for.
            var filler = new Thread(() =>
            {
                try
                {
                    while (_keys.Count < Capacity)
                    {
                        // RSA.Create(size) defers the work to the key's first use; export the public half to make
                        // the expensive generation happen here, on this thread, not in the test that takes the key.
                        var key = RSA.Create(keySizeInBits);
                        _ = key.ExportSubjectPublicKeyInfo();
                        _keys.Enqueue(key);
                    }
                }
                catch (CryptographicException)
                {
                    // A pool that cannot fill is no pool: callers generate their own keys, as without it.
                }
                finally
                {
                    Volatile.Write(ref _filling, 0);
                }
            })
            {
                IsBackground = true,
                Name = $"CertKit RSA-{keySizeInBits} key pool",
            };
            filler.Start();
        }
    }
}
