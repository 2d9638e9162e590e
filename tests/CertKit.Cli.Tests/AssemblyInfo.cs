[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]

// These tests stop the tool with SIGTERM, check POSIX file modes and run Unix TLS clients: Linux and macOS only.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
