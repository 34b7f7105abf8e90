using Microsoft.Extensions.Logging;
using SftpJail.Core.Contract;
using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;
using SftpJail.Executor.Files;
using SftpJail.Executor.Hardening;
using SftpJail.Executor.Sshd;
using SftpJail.Executor.WebServer;

namespace SftpJail.Executor.Apply;

/// <summary>
/// Carries out a plan in order. Every file it writes or removes is remembered; if anything fails before sshd has
/// accepted and reloaded the new configuration, those files are restored so the daemon keeps its old config.
/// </summary>
/// <param name="manifests">Where each created user is recorded (with its uid) as soon as it exists; null records nothing.</param>
internal sealed partial class ActionRunner(
    HostFileSystem files,
    SystemAccounts accounts,
    SshdController sshd,
    ILogger logger,
    VhostInstaller? vhosts = null,
    string etcDir = "/etc",
    AdminAccounts? admins = null,
    ManifestStore? manifests = null)
{
    /// <param name="verifyBeforeReload">
    /// Run after <c>sshd -t</c> accepted the new files and before the reload (the hardening profile's <c>sshd -T -C</c>
    /// precedence check); any problem it returns fails the step, so the previous files are restored.
    /// </param>
    /// <param name="session">
    /// The apply's manifest, faults and the accounts to unlock: given, the caller saves the manifest and unlocks the new
    /// accounts once the outcome is durable; null (a runner used on its own), the runner reads the manifest and unlocks
    /// them itself at the end of a successful run.
    /// </param>
    public async Task<ApplyResult> RunAsync(
        HostPlan plan,
        IReadOnlyDictionary<string, string> passwords,
        CancellationToken cancellationToken,
        Func<CancellationToken, Task<IReadOnlyList<string>>>? verifyBeforeReload = null,
        ApplySession? session = null)
    {
        var ownSession = session is null;
        session ??= new ApplySession(manifests?.Open(), new ApplyFaults());
        var manifest = session.Manifest;
        var faults = session.Faults;
        var applied = new List<PlanStep>();
        var undo = new Stack<(AbsolutePath Path, string? Previous, ManagedFile? File)>();
        var committed = false;
        var reloadAttempted = false;
        AccountDatabase? accountCache = null;
        AccountDatabase Accounts() => accountCache ??= AccountDatabase.Load(etcDir);
        var batched = new HashSet<string>(StringComparer.Ordinal);
        var batchErrors = new Dictionary<string, string>(StringComparer.Ordinal);
        void Batched(IEnumerable<string> names, BatchCreation made)
        {
            batched.UnionWith(names);
            if (made.FailedName is { } failed)
            {
                batchErrors[failed] = made.Error!;
            }
        }

        // The entry of a batch that could not be made fails at its own step, after those before it were recorded.
        void ThrowIfBatchFailed(string name)
        {
            if (batchErrors.TryGetValue(name, out var error))
            {
                throw new InvalidOperationException(error);
            }
        }


        var index = 0;
        foreach (var action in plan.Actions)
        {
            index++;
            try
            {
                ApplyProgress.Report(new ApplyProgressEvent(index, plan.Actions.Count, action.Describe(), Done: false));
                faults.At($"before {action.Describe()}");
                switch (action)
                {
                    case CreateGroupAction { System: false } group:
                        // Ordinary groups (one per site) right after one another are made in one batch, like accounts below.
                        if (!batched.Contains(group.Group.Value))
                        {
                            var run = plan.Actions.Skip(index - 1).TakeWhile(a => a is CreateGroupAction { System: false }).Cast<CreateGroupAction>().Select(a => a.Group).ToList();
                            Batched(run.Select(g => g.Value), await accounts.CreateGroupsAsync(run, cancellationToken));
                            accountCache = null;
                        }

                        ThrowIfBatchFailed(group.Group.Value);
                        break;
                    case CreateGroupAction group:
                        await accounts.CreateGroupAsync(group.Group, system: group.System, cancellationToken);
                        accountCache = null;
                        break;
                    case EnsureDirectoryAction dir:
                        EnsureDirectory(dir.Target, Accounts());
                        session.AfterDirectory?.Invoke(dir.Target.Path);
                        break;
                    case CreateUserAction create:
                        // A new account is created expired and stays so until its jail is live and the manifest lists it:
                        // if this apply fails or dies before that, the account exists but cannot log in (nologin alone does
                        // not stop ssh -N port forwarding), and the intent journal names it for the next apply to adopt.
                        // This action and the ones right after it that create accounts too are made in one batch.
                        if (!batched.Contains(create.Target.Name.Value))
                        {
                            var run = plan.Actions.Skip(index - 1).TakeWhile(a => a is CreateUserAction).Cast<CreateUserAction>().ToList();
                            var made = await accounts.CreateLockedUsersAsync([.. run.Select(c => new NewAccount(c.Target.Name, c.Target.Home, c.Target.Shell, c.Target.Groups))], ReservedUids(manifest, Accounts()), cancellationToken);
                            Batched(run.Select(c => c.Target.Name.Value), made);
                            accountCache = null;
                        }

                        ThrowIfBatchFailed(create.Target.Name.Value);

                        RecordCreated(manifest, create.Target.Name, Accounts());
                        if (!create.Target.Expired)
                        {
                            session.ToUnlock.Add(create.Target.Name);
                        }

                        break;
                    case RecreateUserAction recreate:
                        AccountRecovery.RefuseTakenUid(recreate.Target.Name.Value, recreate.Uid, Accounts());
                        await accounts.CreateUserAsync(recreate.Target.Name, recreate.Target.Home, recreate.Target.Shell, recreate.Target.Groups, recreate.Uid, locked: true, cancellationToken);
                        accountCache = null;
                        RecordCreated(manifest, recreate.Target.Name, Accounts());
                        await RestorePasswordAsync(recreate, cancellationToken);
                        if (!recreate.Target.Expired)
                        {
                            session.ToUnlock.Add(recreate.Target.Name);
                        }

                        break;
                    case UpdateUserAction update:
                        RequireRecordedUid(manifest, update.Target.Name, Accounts());
                        // Groups (the disabled group among them) and expiry in one usermod: one process per changed account.
                        var expiryChanges = update.Observed.Expired != update.Target.Expired;
                        await accounts.UpdateUserAsync(update.Target.Name, update.Target.Home, update.Target.Shell, update.Target.Groups, expiryChanges ? update.Target.Expired : null, cancellationToken);
                        if (expiryChanges && update.Target.Expired)
                        {
                            await accounts.TerminateSessionsAsync(update.Target.Name, Accounts().FindUser(update.Target.Name.Value)?.Uid, cancellationToken);
                        }

                        accountCache = null;
                        break;
                    case ClearPasswordLockAction clearLock:
                        RequireRecordedUid(manifest, clearLock.Name, Accounts());
                        await accounts.ClearPasswordLockAsync(clearLock.Name, cancellationToken);
                        break;
                    case SetPasswordAction password:
                        // The passwords set right after one another go through one chpasswd, not a process each.
                        if (!batched.Contains("password:" + password.Name.Value))
                        {
                            var run = plan.Actions.Skip(index - 1).TakeWhile(a => a is SetPasswordAction).Cast<SetPasswordAction>().ToList();
                            run.ForEach(p => RequireRecordedUid(manifest, p.Name, Accounts()));
                            await accounts.SetPasswordsAsync([.. run.Select(p => (p.Name, passwords[p.Name.Value]))], cancellationToken);
                            batched.UnionWith(run.Select(p => "password:" + p.Name.Value));
                        }

                        break;
                    case WriteFileAction write:
                        undo.Push((write.File.Path, write.Previous, write.File));
                        WriteFile(write.File, write.File.Content, Accounts());
                        break;
                    case RemoveFileAction remove:
                        undo.Push((remove.Path, remove.Previous, null));
                        files.RemoveFile(remove.Path);
                        break;
                    case ReloadSshdAction:
                        if (await sshd.ValidateAsync(cancellationToken) is { } rejection)
                        {
                            throw new ApplyStepException($"sshd -t rejected the new configuration: {rejection}");
                        }

                        if (verifyBeforeReload is not null && await verifyBeforeReload(cancellationToken) is { Count: > 0 } problems)
                        {
                            throw new ApplyStepException($"sshd -T shows the new configuration would not do what the profile says: {string.Join("; ", problems)}");
                        }

                        reloadAttempted = true;
                        await sshd.ReloadAsync(cancellationToken);
                        committed = true;
                        break;
                    case CreateAdminAction createAdmin:
                        await (admins ?? throw new ApplyStepException("Admin accounts are not managed here.")).CreateAsync(createAdmin.Name, createAdmin.Shell, createAdmin.AdminGroup, cancellationToken);
                        accountCache = null;
                        break;
                    case RemoveAdminAction removeAdmin:
                        await (admins ?? throw new ApplyStepException("Admin accounts are not managed here.")).RemoveAsync(removeAdmin.Name, cancellationToken);
                        accountCache = null;
                        break;
                    case RemoveUserAction removeUser:
                        // This removal and the ones right after it go in one batch: one rewrite of the account files, not a
                        // usermod and a userdel (each rewriting all four) per account.
                        if (!batched.Contains("remove:" + removeUser.Name.Value))
                        {
                            var run = plan.Actions.Skip(index - 1).TakeWhile(a => a is RemoveUserAction).Cast<RemoveUserAction>().Select(r => r.Name).ToList();
                            await RemoveUsersAsync(run, manifest, Accounts(), cancellationToken);
                            batched.UnionWith(run.Select(n => "remove:" + n.Value));
                            accountCache = null;
                        }

                        manifest?.RecordRemoved(removeUser.Name);
                        break;
                    case ConvergeVhostsAction converge:
                        // The installer validates the whole web-server config and restores its own files on failure.
                        var vhostResult = await (vhosts ?? throw new ApplyStepException("No web server is managed.")).ApplyAsync(converge.Sites, converge.Removals, cancellationToken);
                        if (!vhostResult.Succeeded)
                        {
                            throw new ApplyStepException($"The web server rejected the new vhosts: {vhostResult.Error}");
                        }

                        applied.AddRange(converge.Changes);
                        break;
                    case ConvertSiteFilesAction convert:
                        ConvertSiteFiles(convert, Accounts());
                        break;
                    case RemoveSiteGroupAction removeGroup:
                        await accounts.RemoveGroupAsync(removeGroup.Group, cancellationToken);
                        accountCache = null;
                        break;
                    case ArchiveSiteAction archive:
                        ArchiveSite(archive);
                        break;
                    case RemoveEmptySiteAction empty:
                        if (!new EmptySites(files).TryRemove(empty.Archive.Domain, empty.Archive.Chroot))
                        {
                            ArchiveSite(empty.Archive);
                        }

                        break;
                    case RestoreSiteAction restore:
                        files.MoveDirectory(restore.Archive, restore.Chroot);
                        break;
                    default:
                        throw new ApplyStepException($"The executor does not know how to {action.Describe()}.");
                }

                faults.At($"after {action.Describe()}");
                applied.Add(action.Describe());
                ApplyProgress.Report(new ApplyProgressEvent(index, plan.Actions.Count, action.Describe(), Done: true));
            }
            catch (Exception ex) when ((ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested) && ex is not SimulatedCrashException)
            {
                var step = action.Describe();
                logger.LogError(ex, "Apply failed at {Kind} {Target}", step.Kind, step.Target);
                var message = ex is ApplyStepException ? ex.Message : $"{step.Kind} {step.Target} failed: {ex.Message}";
                if (committed)
                {
                    return new ApplyResult(false, applied, message + " (changes before this step were kept; sshd runs the new configuration)");
                }

                var restoreError = await RestoreAsync(undo, Accounts(), cancellationToken);
                if (restoreError is null && reloadAttempted)
                {
                    // sshd may already run the new files (the reload went through, the probe did not): load the old ones.
                    restoreError = await ReloadRestoredAsync(cancellationToken);
                }

                return new ApplyResult(false, applied, message + (restoreError is null
                    ? "; the previous files were restored and sshd keeps its old configuration"
                    : $"; restoring the previous files ALSO failed: {restoreError}"), RolledBack: restoreError is null);
            }
        }

        if (ownSession)
        {
            await UnlockAsync(session.ToUnlock, cancellationToken);
        }

        return new ApplyResult(true, applied);
    }

    /// <summary>Ends the lock new accounts are created with; the caller does it once their jail is live and the manifest lists them.</summary>
    public async Task UnlockAsync(List<LinuxUserName> users, CancellationToken cancellationToken)
    {
        await accounts.ClearExpiryAsync(users, cancellationToken);
        users.Clear();
    }

    private void ArchiveSite(ArchiveSiteAction archive)
    {
        // The log relay's dev/ is SftpJail's, not the customer's: it does not go into the archive. Its record stays
        // locked until the chroot has moved, so a relay syncing in another process cannot put a dev/ back meanwhile.
        var relayDevs = Activity.RelayDevEntries.For(files, archive.Chroot);
        using var relayRecord = relayDevs.LockIfRecorded();
        if (relayDevs.Remove(archive.Chroot) is { } left)
        {
            logger.LogWarning("Archiving {Chroot}: {Left}", archive.Chroot.Value, left);
        }

        try
        {
            files.MoveDirectory(archive.Chroot, archive.DestinationAt(DateTimeOffset.UtcNow));
        }
        catch (Native.PosixException ex) when (ex.Errno == Native.Errno.EXDEV)
        {
            throw new ApplyStepException($"Cannot archive {archive.Chroot}: {archive.ArchiveDir} is on another file system than the jail root; set Host:StateDir on the same file system.");
        }
    }

    private async Task<string?> ReloadRestoredAsync(CancellationToken cancellationToken)
    {
        try
        {
            await sshd.ReloadAsync(cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return $"reloading sshd with the restored files failed: {ex.Message}";
        }
    }

    private async Task<string?> RestoreAsync(Stack<(AbsolutePath Path, string? Previous, ManagedFile? File)> undo, AccountDatabase accountsNow, CancellationToken cancellationToken)
    {
        try
        {
            while (undo.TryPop(out var entry))
            {
                if (entry.Previous is null)
                {
                    if (files.Inspect(entry.Path).Kind == FileKind.RegularFile)
                    {
                        files.RemoveFile(entry.Path);
                    }
                }
                else
                {
                    var owner = entry.File ?? new ManagedFile(entry.Path, entry.Previous, FileRole.AuthorizedKeys);
                    WriteFile(owner, entry.Previous, accountsNow);
                }
            }

            // The old files are back; sshd was never reloaded with the rejected ones, but make sure the old set still passes
            // (unless there was no sshd config before this apply: then there is nothing to check).
            return sshd.HasConfiguration && await sshd.ValidateAsync(cancellationToken) is { } stillBroken ? $"sshd -t now says: {stillBroken}" : null;
        }
        catch (Exception ex)
        {
            logger.LogCritical(ex, "Restoring previous files failed");
            return ex.Message;
        }
    }

    private void EnsureDirectory(DirectoryTarget target, AccountDatabase accountsNow)
    {
        if (target.MustBeRootOwnedChain)
        {
            files.VerifyRootOwnedChain(target.Path.Parent!);
        }

        var readerGid = target.Acl is { } acl ? Gid(acl.ReadOnlyGroup.Value, accountsNow) : 0;
        SiteDirectoryAcl.AroundOwnerChange(files, target, readerGid, () => files.EnsureDirectory(target.Path, Uid(target.Owner, accountsNow), Gid(target.Group, accountsNow), target.Mode));
    }

    private void WriteFile(ManagedFile file, string content, AccountDatabase accountsNow) =>
        new AtomicFileWriter(files).Write(file.Path, content, file.Mode, Uid(file.Owner, accountsNow), Gid(file.Group, accountsNow));

    private static uint Uid(string name, AccountDatabase accountsNow) =>
        accountsNow.FindUser(name)?.Uid ?? throw new ApplyStepException($"The account '{name}' does not exist.");

    private static uint Gid(string name, AccountDatabase accountsNow) =>
        accountsNow.FindGroup(name)?.Gid ?? throw new ApplyStepException($"The group '{name}' does not exist.");
}

internal sealed class ApplyStepException(string message) : Exception(message);
