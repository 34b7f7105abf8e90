using SftpJail.Core.Contract;

namespace SftpJail.Data.Services;

/// <summary>
/// Hears every apply and reconcile the site service sends to the executor (the panel's metrics). Registered by the
/// host that wants it; without one the service talks to the executor directly.
/// </summary>
public interface IApplyObserver
{
    /// <param name="result">Null when the executor could not be reached or threw.</param>
    void Applied(ApplyResult? result, TimeSpan duration);

    void Reconciled(ReconcileResult result);
}
