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
    /// <summary>The empty list.</summary>
    public static readonly EquatableList<T> Empty = new(ImmutableArray<T>.Empty);

    private readonly ImmutableArray<T> _items;

    /// <summary>A list holding a snapshot of <paramref name="items"/>.</summary>
    /// <param name="items">The items, copied.</param>
    public EquatableList(IEnumerable<T> items) => _items = [.. items];

    private EquatableList(ImmutableArray<T> items) => _items = items;

    /// <summary>The item at <paramref name="index"/>.</summary>
    /// <param name="index">Zero-based position.</param>
    public T this[int index] => _items[index];
    /// <summary>The number of items.</summary>
    public int Count => _items.Length;
    /// <summary>True when the list has no items.</summary>
    public bool IsEmpty => _items.IsEmpty;

    /// <summary>A new list with <paramref name="item"/> appended; this one is unchanged.</summary>
    /// <param name="item">The item to append.</param>
    public EquatableList<T> Add(T item) => new(_items.Add(item));
    /// <summary>A new list with the item at <paramref name="index"/> replaced; this one is unchanged.</summary>
    /// <param name="index">Zero-based position.</param>
    /// <param name="item">The new item.</param>
    public EquatableList<T> SetItem(int index, T item) => new(_items.SetItem(index, item));

    /// <summary>An allocation-free enumerator over the items.</summary>
    public ImmutableArray<T>.Enumerator GetEnumerator() => _items.GetEnumerator();
    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)_items).GetEnumerator();

    /// <summary>True when <paramref name="other"/> holds equal items in the same order.</summary>
    /// <param name="other">The list to compare with.</param>
    public bool Equals(EquatableList<T>? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items.AsSpan(), EqualityComparer<T>.Default);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as EquatableList<T>);

    /// <summary>A hash over all items, consistent with <see cref="Equals(EquatableList{T})"/>.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items) hash.Add(item);
        return hash.ToHashCode();
    }

    /// <summary>The items in brackets, for test failure messages and debugging.</summary>
    public override string ToString() => "[" + string.Join(", ", _items) + "]";

    /// <summary>Copies an array into a list.</summary>
    /// <param name="items">The items.</param>
    public static implicit operator EquatableList<T>(T[] items) => new(items);
    /// <summary>Copies a list into an equatable list.</summary>
    /// <param name="items">The items.</param>
    public static implicit operator EquatableList<T>(List<T> items) => new(items);
}

/// <summary>Lets collection expressions (<c>[a, b]</c>) build an <see cref="EquatableList{T}"/>.</summary>
public static class EquatableList
{
    /// <summary>Builds a list from a collection expression.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items, copied.</param>
    public static EquatableList<T> Create<T>(ReadOnlySpan<T> items) => new(items.ToArray());
}
