// Each test class starts its own server; classes run side by side, the tests of one class one after another.
[assembly: Parallelize(Scope = ExecutionScope.ClassLevel)]
