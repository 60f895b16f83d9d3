namespace Kit.TestSupport;

/// <summary>The last lines of a child process's output, to attach to a failing test's message.</summary>
public sealed class LogTail
{
    private readonly Queue<string> _lines = new();
    private readonly int _capacity;

    public LogTail(int capacity = 60) => _capacity = capacity;

    public void Add(string line)
    {
        lock (_lines)
        {
            if (_lines.Count == _capacity)
                _lines.Dequeue();
            _lines.Enqueue(line);
        }
    }

    public override string ToString()
    {
        lock (_lines)
            return string.Join(Environment.NewLine, _lines);
    }
}
