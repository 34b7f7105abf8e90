using System.Text.Json;

namespace SftpJail.Web.Api;

/// <summary>
/// Reads a JSON body itself, so malformed JSON is answered with Problem Details naming what is wrong (minimal APIs'
/// own binding answers a bare 400, or throws in Development).
/// </summary>
public static class ApiJson
{
    public const int MaxBodyBytes = 1024 * 1024;

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        if (request.ContentLength is > MaxBodyBytes)
        {
            return (null, ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {MaxBodyBytes / 1024} KiB."));
        }

        if (!request.HasJsonContentType())
        {
            return (null, ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "Send the request body as JSON (Content-Type: application/json)."));
        }

        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        try
        {
            var value = await request.ReadFromJsonAsync<T>(request.HttpContext.RequestAborted);
            return value is null ? (null, ApiProblems.BadRequest("The request body is empty; send a JSON object.")) : (value, null);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {MaxBodyBytes / 1024} KiB."));
        }
        catch (JsonException failure)
        {
            // Not the parser's message: it quotes the offending text, which may be part of a password.
            return (null, ApiProblems.BadRequest($"The request body is not valid JSON for this call (line {failure.LineNumber + 1}, byte {failure.BytePositionInLine + 1}, at {failure.Path ?? "$"})."));
        }
    }
}
