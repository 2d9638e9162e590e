using System.Diagnostics;
using System.Globalization;

namespace CertKit.Servers.Tests.Support;

/// <summary>
/// One process as <c>/proc</c> shows it: its id, the clock tick it started at (so an id the kernel has given to another
/// process since is not mistaken for it), and its command line, for messages.
/// </summary>
internal sealed record ProcessIdentity(int Id, ulong StartTicks, string Command)
{
    /// <summary>Whether this process still runs (a zombie does not: it holds no memory, port or file, only its exit status).</summary>
    public bool IsRunning => ProcessTable.Read(Id) is { } now && now.Identity.StartTicks == StartTicks && now.State != 'Z';

    public override string ToString() => $"{Id}: {Command}";
}

/// <summary>The processes of this machine, from <c>/proc</c>: the one place these tests look for processes they started.</summary>
internal static class ProcessTable
{
    /// <summary>The process with id <paramref name="id"/>, or <see langword="null"/> if there is none (any more).</summary>
    public static ProcessIdentity? Find(int id) => Read(id)?.Identity;

    /// <summary>Every process below <paramref name="id"/>: children, their children and so on (a PostgreSQL's backends, an Erlang VM's helpers).</summary>
    public static List<ProcessIdentity> DescendantsOf(int id)
    {
        var byParent = All().ToLookup(entry => entry.ParentId);
        var found = new List<ProcessIdentity>();
        var parents = new Queue<int>([id]);
        while (parents.TryDequeue(out var parent))
        {
            foreach (var child in byParent[parent])
            {
                found.Add(child.Identity);
                parents.Enqueue(child.Identity.Id);
            }
        }

        return found;
    }

    /// <summary>
    /// The processes with an environment entry (<c>NAME=value</c>) that <paramref name="matches"/>: children inherit the
    /// environment, so this also finds a helper that left its parent's tree (a daemon, an orphan re-parented to init).
    /// </summary>
    public static List<ProcessIdentity> WithEnvironment(Func<string, bool> matches)
    {
        var found = new List<ProcessIdentity>();
        foreach (var entry in All())
        {
            try
            {
                var environment = File.ReadAllText($"/proc/{entry.Identity.Id}/environ").Split('\0');
                if (environment.Any(matches))
                {
                    found.Add(entry.Identity);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }

        return found;
    }

    /// <summary>Kills each of <paramref name="processes"/> that still runs (SIGKILL) and waits up to 5 s for them to be gone.</summary>
    public static async Task KillAsync(IReadOnlyCollection<ProcessIdentity> processes)
    {
        var running = processes.Where(process => process.IsRunning).Select(process => process.Id.ToString(CultureInfo.InvariantCulture)).ToList();
        if (running.Count > 0)
        {
            using var kill = Process.Start("kill", ["-KILL", .. running])!;
            await kill.WaitForExitAsync();
        }

        for (var waited = Stopwatch.StartNew(); processes.Any(process => process.IsRunning) && waited.Elapsed < TimeSpan.FromSeconds(5);)
        {
            await Task.Delay(50);
        }
    }

    internal static Entry? Read(int id)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid ... starttime ..."; comm may hold spaces and parentheses, so read the
            // fields after its last closing parenthesis: state is the first of them, ppid the second, starttime the 20th.
            var stat = File.ReadAllText($"/proc/{id}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var command = File.ReadAllText($"/proc/{id}/cmdline").Replace('\0', ' ').Trim();
            return new Entry(
                new ProcessIdentity(id, ulong.Parse(fields[19], CultureInfo.InvariantCulture), command),
                fields[0][0],
                int.Parse(fields[1], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // no such process, or gone while it was read
        }
    }

    private static IEnumerable<Entry> All()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && Read(id) is { } entry)
            {
                yield return entry;
            }
        }
    }

    internal sealed record Entry(ProcessIdentity Identity, char State, int ParentId);
}
