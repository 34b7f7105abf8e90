using System.Collections;

namespace SftpJail.Data.Tests.Infrastructure;

/// <summary>A list that counts how often it is walked: how a test sees that work is per item, not per item squared.</summary>
public sealed class CountingList<T>(IReadOnlyList<T> items) : IReadOnlyList<T>
{
    public int Enumerations { get; private set; }

    public int IndexReads { get; private set; }

    public int Count => items.Count;

    public T this[int index]
    {
        get
        {
            IndexReads++;
            return items[index];
        }
    }

    public IEnumerator<T> GetEnumerator()
    {
        Enumerations++;
        return items.GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
