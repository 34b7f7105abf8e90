using MudBlazor;
using SftpJail.Data.Identity;
using SftpJail.Data.Services;
using SftpJail.Web.Identity;

namespace SftpJail.Web.Components.Pages.Host;

/// <summary>
/// How every event handler of the host pages acts: <see cref="PanelOperations"/> re-checks the circuit's user (Admin
/// only, whatever the page was rendered for) before the change, in a scope of its own; the outcome is a snackbar.
/// </summary>
public static class AdminOperation
{
    public const string Refused = "You are no longer allowed to do this (signed out, locked or not an admin): reload the page.";

    /// <returns>The change's result; null when the user was refused and nothing was tried.</returns>
    public static async Task<OperationResult?> RunAsync(PanelOperations operations, ISnackbar snackbar, Func<PanelOperation, Task<OperationResult>> change, string success)
    {
        await using var operation = await operations.BeginAsync(PanelRoles.Admin);
        if (operation is null)
        {
            snackbar.Add(Refused, Severity.Error);
            return null;
        }

        var result = await change(operation);
        snackbar.Add(result.Succeeded ? success : result.Error ?? "The change was refused.", result.Succeeded ? Severity.Success : Severity.Error);
        return result;
    }
}
