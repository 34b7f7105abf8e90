using System.Diagnostics;

namespace SftpJail.Data.Services;

/// <summary>
/// Named phases of a change (commit, build the state, send, settle) as <see cref="Activity"/> spans for a benchmark or
/// tracer; without a listener a phase costs nothing.
/// </summary>
public sealed partial class SiteService
{
    public const string TimingSourceName = "SftpJail.Data.Changes";

    private static readonly ActivitySource Timing = new(TimingSourceName);

    private static System.Diagnostics.Activity? Phase(string name) => Timing.StartActivity(name);
}
