using System.Net.Sockets;

namespace SftpJail.Core.Contract.Socket;

/// <summary>
/// <see cref="IExecutorGateway"/> over the executor's Unix domain socket: one connection per call, one request line,
/// one response line. Every transport failure becomes an <see cref="ExecutorUnavailableException"/> whose message says
/// what to check.
/// </summary>
public sealed partial class ExecutorSocketClient : IExecutorGateway
{
    public const string DefaultSocketPath = "/run/sftpjail/executor.sock";

    /// <summary>An apply creates users, writes files and reloads daemons: allow minutes, not seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Two lines (start, done) per planned action bounds an honest apply; more is a broken executor.</summary>
    public const int MaxProgressLines = 1_000_000;

    private readonly string socketPath;
    private readonly TimeSpan timeout;

    public ExecutorSocketClient(string socketPath, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(socketPath);
        if (timeout is { } t && t <= TimeSpan.Zero && t != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), "The timeout must be positive.");
        }

        this.socketPath = socketPath;
        this.timeout = timeout ?? DefaultTimeout;
    }

    public async Task<PlanResult> PlanAsync(DesiredStateDto state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var response = await SendAsync(new ExecutorRequest(ExecutorOperation.Plan, state), cancellationToken);
        return response.Ok ? response.Plan ?? throw MissingResult(ExecutorOperation.Plan) : new PlanResult([], response.Error);
    }

    public async Task<ApplyResult> ApplyAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(passwords);
        // A listener in this flow (see ApplyProgress) gets the executor's steps as they happen.
        var response = await SendAsync(new ExecutorRequest(ExecutorOperation.Apply, state, passwords, StreamProgress: ApplyProgress.Current is not null), cancellationToken);
        // A response without a result is the executor failing (an exception on its side), never a refusal of the state.
        return response.Ok ? response.Apply ?? throw MissingResult(ExecutorOperation.Apply) : ApplyResult.Failed(response.Error!);
    }

    public async Task<ReconcileResult> ReconcileAsync(DesiredStateDto state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var response = await SendAsync(new ExecutorRequest(ExecutorOperation.Reconcile, state), cancellationToken);
        return response.Ok ? response.Reconcile ?? throw MissingResult(ExecutorOperation.Reconcile) : new ReconcileResult([], response.Error);
    }

    public async Task<HostInfo> GetHostInfoAsync(CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(new ExecutorRequest(ExecutorOperation.HostInfo), cancellationToken);
        return response.Ok
            ? response.HostInfo ?? throw MissingResult(ExecutorOperation.HostInfo)
            : throw new ExecutorUnavailableException($"The executor could not describe the host: {response.Error}");
    }

    public async Task<EffectiveSettings> GetEffectiveSettingsAsync(string userName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        var response = await SendAsync(new ExecutorRequest(ExecutorOperation.EffectiveSettings, UserName: userName), cancellationToken);
        return response.Ok ? response.EffectiveSettings ?? throw MissingResult(ExecutorOperation.EffectiveSettings) : new EffectiveSettings(userName, [], response.Error);
    }

    public async Task<FailedLoginReport> GetRecentFailedLoginsAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(new ExecutorRequest(ExecutorOperation.FailedLogins, Since: since), cancellationToken);
        return response.Ok
            ? response.FailedLogins ?? throw MissingResult(ExecutorOperation.FailedLogins)
            : throw new ExecutorUnavailableException($"The executor could not read the SSH log: {response.Error}");
    }

    public async Task<IReadOnlyList<ArrivedKey>> GetArrivedKeysAsync(string adminName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(adminName);
        var response = await SendAsync(new ExecutorRequest(ExecutorOperation.ArrivedKeys, UserName: adminName), cancellationToken);
        return response.Ok
            ? response.ArrivedKeys ?? throw MissingResult(ExecutorOperation.ArrivedKeys)
            : throw new ExecutorUnavailableException($"The executor could not list the keys that arrived for {adminName}: {response.Error}");
    }

    /// <summary>
    /// Sends one request and returns the response. A refusal of this process's uid is thrown (it is a deployment
    /// problem, not a result); any other <c>ok:false</c> is returned for the caller to show.
    /// </summary>
    private async Task<ExecutorResponse> SendAsync(ExecutorRequest request, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        ExecutorResponse response;
        try
        {
            response = await ExchangeAsync(request, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ExecutorUnavailableException($"The executor did not answer within {timeout} (socket {socketPath}).");
        }

        if (!response.Ok && response.Error == ExecutorResponse.NotAllowed)
        {
            throw new ExecutorUnavailableException(
                $"The executor refused this process (user {Environment.UserName}) on {socketPath}: not allowed. " +
                "Its Executor:PanelUser/PanelUid setting must name the user the panel runs as.");
        }

        if (!response.Ok && string.IsNullOrEmpty(response.Error))
        {
            throw new ExecutorUnavailableException("The executor answered ok:false without saying why.");
        }

        return response.Ok ? response : WithOlderExecutorHint(response);
    }

    private async Task<ExecutorResponse> ExchangeAsync(ExecutorRequest request, CancellationToken cancellationToken)
    {
        using var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
        }
        catch (SocketException ex)
        {
            throw new ExecutorUnavailableException(DescribeConnectFailure(ex), ex);
        }

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            await ExecutorFraming.WriteRequestAsync(stream, request, ExecutorJson.MaxMessageBytes, cancellationToken);
        }
        catch (ExecutorProtocolException ex)
        {
            throw new ExecutorUnavailableException($"The request was not sent: {ex.Message}", ex);
        }
        catch (IOException)
        {
            // The executor may have refused this peer and closed before reading: its answer can still be waiting.
        }

        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // Already closed by the executor; the read below reports what it said, if anything.
        }

        try
        {
            if (!request.StreamProgress)
            {
                return await ExecutorFraming.ReadResponseAsync(stream, ExecutorJson.MaxMessageBytes, cancellationToken, $"the executor on {socketPath}");
            }

            var lines = new ExecutorLineReader(stream, ExecutorJson.MaxMessageBytes);
            for (var progressLines = 0; ; progressLines++)
            {
                var response = await lines.ReadResponseAsync(cancellationToken, $"the executor on {socketPath}");
                if (response.Progress is not { } progress)
                {
                    return response;
                }

                if (progressLines >= MaxProgressLines)
                {
                    throw new ExecutorProtocolException(ExecutorProtocolError.TooLarge, $"The executor sent more than {MaxProgressLines} progress lines.");
                }

                ApplyProgress.Report(progress);
            }
        }
        catch (ExecutorProtocolException ex) when (ex.Error == ExecutorProtocolError.Incompatible)
        {
            throw new ExecutorUnavailableException(ex.Message, ex);
        }
        catch (ExecutorProtocolException ex)
        {
            throw new ExecutorUnavailableException($"The executor's answer on {socketPath} was unusable: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new ExecutorUnavailableException($"The connection to the executor on {socketPath} failed: {ex.Message}", ex);
        }
    }

    private string DescribeConnectFailure(SocketException ex) => ex.SocketErrorCode switch
    {
        // Checked first: a parent directory this process cannot enter also makes the socket look absent.
        SocketError.AccessDenied =>
            $"This process may not connect to the executor socket at {socketPath} (permission denied): " +
            "run the panel as the panel user, or in the socket's group.",
        _ when !Path.Exists(socketPath) => $"The executor is not running (no socket at {socketPath}).",
        SocketError.ConnectionRefused => $"The executor is not running (the socket at {socketPath} refuses connections).",
        _ => $"The executor socket at {socketPath} could not be reached: {ex.Message}",
    };

    /// <summary>A compatible but older executor may refuse a request it does not know yet: say which side to upgrade.</summary>
    private static ExecutorResponse WithOlderExecutorHint(ExecutorResponse response) =>
        ExecutorContract.Parse(response.Contract) is { } theirs && theirs.Minor < ExecutorContract.Current.Minor
            && (response.Error!.Contains("executor contract", StringComparison.Ordinal) || response.Error.StartsWith("Unknown operation", StringComparison.Ordinal))
            ? response with
            {
                Error = $"{response.Error} (The executor speaks contract {theirs} and this panel {ExecutorContract.Current}: " +
                    "an older executor may not know this request; upgrade it to the panel's release.)",
            }
            : response;

    private static ExecutorUnavailableException MissingResult(ExecutorOperation operation) =>
        new($"The executor answered a {operation} request without a {operation} result.");
}
