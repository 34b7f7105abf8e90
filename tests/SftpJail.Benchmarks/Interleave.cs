/// <summary>
/// The product and its floor run in the same round, in alternating order, so a load spike on this shared machine lands
/// on both sides as often as not.
/// </summary>
internal static class Interleave
{
    public static async Task RoundAsync(int round, Func<Task> product, Func<Task> floor)
    {
        var (first, second) = round % 2 == 0 ? (product, floor) : (floor, product);
        await first();
        await second();
    }
}
