using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SftpJail.Core.Contract;
using SftpJail.Web.Applies;
using SftpJail.Web.Infrastructure;

namespace SftpJail.Web.Components.Pages.Sites.AddCustomer;

/// <summary>
/// The add-customer page's background apply: re-attaching to it from the URL and the one showing of its secrets, both
/// for the current staff account that started it only.
/// </summary>
public sealed partial class AddCustomerPage
{
    protected override async Task OnParametersSetAsync()
    {
        if (ApplyId is null || ApplyId == attached?.Id)
        {
            return;
        }

        // Only current staff (a demoted or locked account's tab must not collect the password), and only the account
        // that started the apply (its hand-over card holds a password).
        if (!await StillStaffAsync())
        {
            Detach();
            return;
        }

        if (Tracker.Find(ApplyKind.AddCustomer, ApplyId, await Staff.UserIdAsync()) is not { } apply)
        {
            Detach();
            refusal = "That apply is not known here (it finished more than an hour ago, or another account started it).";
            return;
        }

        await AttachAsync(apply);
    }

    private async Task AttachAsync(TrackedApply apply)
    {
        Detach();
        attached = apply;
        attached.Changed += OnApplyChanged;
        await LoadHostAsync();
        await ShowPasswordIfDoneAsync();
    }

    private async Task<bool> StillStaffAsync()
    {
        await using var scope = Scopes.Create();
        return await DemandAsync(scope.ServiceProvider) is not null;
    }

    private async Task LoadHostAsync()
    {
        await using var scope = Scopes.Create();
        var configured = scope.ServiceProvider.GetRequiredService<IOptions<PanelOptions>>().Value.SftpHostName;
        sftpHost = string.IsNullOrWhiteSpace(configured) ? new Uri(Navigation.BaseUri).Host : configured.Trim();
        try
        {
            var info = await scope.ServiceProvider.GetRequiredService<IExecutorGateway>().GetHostInfoAsync();
            port = info.Port;
            hostKeys = info.HostKeys;
        }
        catch (ExecutorUnavailableException)
        {
            hostKeys = [];
        }
    }

    private async Task ShowPasswordIfDoneAsync()
    {
        // Not while prerendering: the one showing must be in the live circuit, never in a static copy of the page.
        if (RendererInfo.IsInteractive && Connection.IsConnected && attached is { Outcome: { Succeeded: true } } apply && shown is null)
        {
            // Checked again here: the apply may end long after the click, and the account may have lost staff since.
            if (!await StillStaffAsync())
            {
                Detach();
                return;
            }

            // Again after the await: another call or another ?apply= may have run meanwhile. Left with the apply until
            // the hand-over that shows it has reached the browser (SecretsShown).
            if (ReferenceEquals(attached, apply) && shown is null)
            {
                shown = apply.PeekSecrets();
            }
        }
    }

    private void OnApplyChanged() => _ = InvokeAsync(async () =>
    {
        if (attached?.Outcome is not null && !hostLoadedAfterApply)
        {
            // Again once done: the apply may just have started the dedicated sshd whose host keys the card shows.
            hostLoadedAfterApply = true;
            await LoadHostAsync();
        }

        await ShowPasswordIfDoneAsync();
        StateHasChanged();
    });

    private void Detach()
    {
        if (attached is not null)
        {
            attached.Changed -= OnApplyChanged;
            attached = null;
            shown = null;
            hostLoadedAfterApply = false;
        }
    }

    protected override void OnInitialized() => Connection.Reconnected += OnApplyChanged;

    public void Dispose()
    {
        Connection.Reconnected -= OnApplyChanged;
        Detach();
    }
}
