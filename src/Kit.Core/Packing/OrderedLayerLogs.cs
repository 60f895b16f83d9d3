using Kit.Oci;

namespace Kit.Core.Packing;

/// <summary>
/// The observers of layers written at the same time: a layer's lines go out once every earlier layer has finished,
/// so the log reads as it would for layers packed one after another (as KitOps packs them). Progress goes through at
/// once: each layer has its own row.
/// </summary>
internal sealed class OrderedLayerLogs
{
    private readonly IPackObserver _observer;
    private readonly List<(bool Warning, string Text)>?[] _held;
    private readonly bool[] _finished;
    private readonly Lock _gate = new();

    // The earliest layer not finished: its lines need not wait.
    private int _current;

    public OrderedLayerLogs(IPackObserver observer, int layers)
    {
        _observer = observer;
        _held = new List<(bool, string)>?[layers];
        _finished = new bool[layers];
    }

    /// <summary>What layer <paramref name="layer"/> (its index in the manifest) reports to.</summary>
    public IPackObserver For(int layer) => new LayerLog(this, layer);

    /// <summary>Layer <paramref name="layer"/> has said all it will: the held lines of the layers after it may follow.</summary>
    public void Finish(int layer)
    {
        lock (_gate)
        {
            _finished[layer] = true;
            while (_current < _finished.Length && _finished[_current])
            {
                _current++;
                if (_current < _held.Length && _held[_current] is { } lines)
                {
                    foreach (var (warning, text) in lines)
                        Write(warning, text);
                    _held[_current] = null;
                }
            }
        }
    }

    private void Post(int layer, bool warning, string text)
    {
        lock (_gate)
        {
            if (layer == _current)
                Write(warning, text);
            else
                (_held[layer] ??= []).Add((warning, text));
        }
    }

    private void Write(bool warning, string text)
    {
        if (warning) _observer.Warn(text);
        else _observer.Info(text);
    }

    private sealed class LayerLog(OrderedLayerLogs logs, int layer) : IPackObserver
    {
        public void Warn(string message) => logs.Post(layer, warning: true, message);

        public void Info(string message) => logs.Post(layer, warning: false, message);

        public IProgress<long>? LayerStarted(string description, long totalBytes) => logs._observer.LayerStarted(description, totalBytes);

        public void LayerSaved(string description, Descriptor layer) => logs._observer.LayerSaved(description, layer);
    }
}
