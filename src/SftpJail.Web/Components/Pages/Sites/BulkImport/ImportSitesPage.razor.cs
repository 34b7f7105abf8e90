using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data.Services;
using SftpJail.Data.Services.Import;
using SftpJail.Web.Applies;
using SftpJail.Web.Identity;

namespace SftpJail.Web.Components.Pages.Sites.BulkImport;

/// <summary>
/// Bulk import in the panel: a file (or pasted rows) read by the CLI's own <see cref="SiteImporter"/>; every bad row
/// listed with its line and nothing applied while one is left; a preview of the good rows and the plan; Apply tied to
/// that plan's identity, run in the background with its progress; generated passwords shown once. Every handler that
/// reads or changes anything checks the circuit's user first (<see cref="CircuitStaffCheck"/>).
/// </summary>
public sealed partial class ImportSitesPage
{
    /// <summary>A bigger file belongs on the command line (sftpjail import, up to 16 MiB).</summary>
    public const int MaxUploadBytes = 2 * 1024 * 1024;

    /// <summary>A paste arrives as one SignalR message (32 KiB by default); the rest of that message is the framing.</summary>
    public const int MaxPasteChars = 24 * 1024;

    private ImportSource? source;
    private string format = "auto";
    private string pasted = "";
    private ImportPreview? preview;
    private TrackedApply? attached;
    private OneTimeSecrets? secrets;
    private string? refusal;
    private bool busy;

    /// <summary>The background import to show: set after Apply, and kept in the URL so a reload re-attaches.</summary>
    [SupplyParameterFromQuery(Name = "apply")]
    public string? ApplyId { get; set; }

    private string? SucceededText => attached?.Outcome is { Succeeded: true } done
        ? $"Imported {done.SiteCount} sites with {done.UserCount} users in one apply:"
        : null;

    private async Task<Actor?> DemandAsync(IServiceProvider scope)
    {
        var actor = await Staff.DemandStaffAsync(scope);
        refusal = actor is null ? "You are no longer allowed to import sites (signed out, locked or not staff)." : null;
        return actor;
    }

    private void InputChanged()
    {
        // A preview shows one exact file: any change needs a new one before Apply.
        preview = null;
        refusal = null;
    }

    private async Task OnFileChosenAsync(IBrowserFile? file)
    {
        InputChanged();
        await using var scope = Scopes.Create();
        if (file is null || await DemandAsync(scope.ServiceProvider) is null)
        {
            return;
        }

        if (file.Size > MaxUploadBytes)
        {
            source = null;
            refusal = $"{file.Name} is larger than {MaxUploadBytes / (1024 * 1024)} MiB; import it with sftpjail import on the host.";
            return;
        }

        using var buffer = new MemoryStream();
        await using (var stream = file.OpenReadStream(MaxUploadBytes))
        {
            await stream.CopyToAsync(buffer);
        }

        source = new ImportSource(file.Name, buffer.ToArray(), Pasted: false);
        pasted = "";
        await PreviewAsync();
    }

    private void OnPasted(string? text)
    {
        InputChanged();
        pasted = text ?? "";
        source = string.IsNullOrWhiteSpace(text) ? null : new ImportSource("pasted rows", Encoding.UTF8.GetBytes(text), Pasted: true);
    }

    private void OnFormatChanged(string value)
    {
        format = value;
        InputChanged();
    }

    private async Task PreviewAsync()
    {
        await using var scope = Scopes.Create();
        if (await DemandAsync(scope.ServiceProvider) is null || source is null)
        {
            return;
        }

        var previewed = source;
        var previewedFormat = format;
        busy = true;
        try
        {
            var planned = await scope.ServiceProvider.GetRequiredService<SiteImporter>()
                .PreviewAsync(previewed.Content, previewed.FormatFor(previewedFormat), new ImportOptions(CreatesMissingCustomers: true));
            // The rows may have changed while it was planned: a preview belongs to exactly the input it read.
            preview = ReferenceEquals(source, previewed) && format == previewedFormat ? planned : null;
        }
        finally
        {
            busy = false;
        }
    }

    private async Task ApplyAsync()
    {
        await using var scope = Scopes.Create();
        if (await DemandAsync(scope.ServiceProvider) is not { } actor || source is null || preview is not { CanApply: true, PlanIdentity: { } planIdentity })
        {
            return;
        }

        var content = source.Content;
        var fileFormat = source.FormatFor(format);
        var owner = await Staff.UserIdAsync() ?? "";
        var apply = Tracker.Start(ApplyKind.Import, owner, $"import {preview.Sites.Count} sites", null,
            (services, ct) => ImportRun.RunAsync(services, content, fileFormat, planIdentity, actor, ct));
        preview = null;
        Attach(apply);
        // In the URL so a reload (or the tab reopened from history) re-attaches to the import still running.
        Navigation.NavigateTo($"sites/import?apply={apply.Id}", replace: true);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (ApplyId is null || ApplyId == attached?.Id)
        {
            return;
        }

        // Only current staff, and only the account that started the import: its secrets card holds passwords.
        await using var scope = Scopes.Create();
        if (await DemandAsync(scope.ServiceProvider) is null)
        {
            Detach();
            return;
        }

        if (Tracker.Find(ApplyKind.Import, ApplyId, await Staff.UserIdAsync()) is not { } apply)
        {
            Detach();
            refusal = "That import is not known here (it finished more than an hour ago, or another account started it).";
            return;
        }

        Attach(apply);
    }

    private void Attach(TrackedApply apply)
    {
        Detach();
        attached = apply;
        attached.Changed += OnApplyChanged;
        OnApplyChanged();
    }

    private void OnApplyChanged() => _ = InvokeAsync(async () =>
    {
        await ShowSecretsIfDoneAsync();
        StateHasChanged();
    });

    private async Task ShowSecretsIfDoneAsync()
    {
        // In the live circuit only, and checked again: the apply may end long after the click.
        if (!RendererInfo.IsInteractive || !Connection.IsConnected || attached is not { Outcome: { Succeeded: true } } apply || secrets is not null)
        {
            return;
        }

        await using var scope = Scopes.Create();
        if (await DemandAsync(scope.ServiceProvider) is null)
        {
            Detach();
            return;
        }

        // Again after the await: another call (the last progress event, a reconnect) or another ?apply= may have run meanwhile.
        if (!ReferenceEquals(attached, apply) || secrets is not null)
        {
            return;
        }

        source = null; // applied: the file (and any passwords in it) is not kept
        pasted = "";
        // Left with the apply until the card that shows them has reached the browser (SecretsShown).
        secrets = apply.PeekSecrets();
    }

    private void CloseSecrets() => secrets = new OneTimeSecrets(null, null);

    private void BackToForm()
    {
        Detach();
        preview = null;
        refusal = null;
        Navigation.NavigateTo("sites/import", replace: true);
    }

    private void Detach()
    {
        if (attached is not null)
        {
            attached.Changed -= OnApplyChanged;
            attached = null;
            secrets = null;
        }
    }

    protected override void OnInitialized() => Connection.Reconnected += OnApplyChanged;

    public void Dispose()
    {
        Connection.Reconnected -= OnApplyChanged;
        Detach();
    }
}
