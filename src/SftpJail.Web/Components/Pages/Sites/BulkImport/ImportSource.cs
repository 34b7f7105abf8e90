using SftpJail.Data.Services.Import;

namespace SftpJail.Web.Components.Pages.Sites.BulkImport;

/// <summary>
/// The file (or pasted text) an import page previews and applies. It may hold passwords: it stays in the circuit's
/// memory, is never rendered, and is dropped once the import is applied.
/// </summary>
/// <param name="Pasted">Typed into the page rather than uploaded: it has no file name to tell its format by.</param>
public sealed record ImportSource(string Name, byte[] Content, bool Pasted)
{
    /// <summary>The format chosen ("csv", "json"), else by the file name, else for pasted text by its first character.</summary>
    public ImportFormat FormatFor(string? choice) =>
        ImportFormats.Parse(choice)
        ?? (Pasted ? (FirstNonBlank() == '[' ? ImportFormat.Json : ImportFormat.Csv) : ImportFormats.FromFileName(Name));

    private char? FirstNonBlank()
    {
        foreach (var b in Content)
        {
            if (!char.IsWhiteSpace((char)b) && b != 0xEF && b != 0xBB && b != 0xBF)
            {
                return (char)b;
            }
        }

        return null;
    }

    public override string ToString() => $"ImportSource {{ {Name}, {Content.Length} bytes }}";
}
