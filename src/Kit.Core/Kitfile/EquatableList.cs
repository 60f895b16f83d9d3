using System.Collections;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace Kit.Core.Kitfiles;

/// <summary>
/// An immutable list with value equality, so the Kitfile records compare by content
/// (round-trip tests and change detection rely on <c>==</c>).
/// </summary>
[CollectionBuilder(typeof(EquatableList), nameof(EquatableList.Create))]
public sealed class EquatableList<T> : IReadOnlyList<T>, IEquatable<EquatableList<T>>
{
    public static readonly EquatableList<T> Empty = new(ImmutableArray<T>.Empty);

    private readonly ImmutableArray<T> _items;

    public EquatableList(IEnumerable<T> items) => _items = [.. items];

    private EquatableList(ImmutableArray<T> items) => _items = items;

    public T this[int index] => _items[index];
    public int Count => _items.Length;
    public bool IsEmpty => _items.IsEmpty;

    public EquatableList<T> Add(T item) => new(_items.Add(item));
    public EquatableList<T> SetItem(int index, T item) => new(_items.SetItem(index, item));

    public ImmutableArray<T>.Enumerator GetEnumerator() => _items.GetEnumerator();
    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)_items).GetEnumerator();

    public bool Equals(EquatableList<T>? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items.AsSpan(), EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => Equals(obj as EquatableList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items) hash.Add(item);
        return hash.ToHashCode();
    }

    public override string ToString() => "[" + string.Join(", ", _items) + "]";

    public static implicit operator EquatableList<T>(T[] items) => new(items);
    public static implicit operator EquatableList<T>(List<T> items) => new(items);
}

/// <summary>Lets collection expressions (<c>[a, b]</c>) build an <see cref="EquatableList{T}"/>.</summary>
public static class EquatableList
{
    public static EquatableList<T> Create<T>(ReadOnlySpan<T> items) => new(items.ToArray());
}
