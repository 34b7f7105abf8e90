using System.Text;

namespace SftpJail.Core.Rendering.WebServer;

/// <summary>Line-oriented config text: LF endings, four-space indents, the managed-file header first.</summary>
internal sealed class ConfigText
{
    private readonly StringBuilder text = new();
    private int depth;

    public ConfigText() => Line(VhostRenderer.ManagedHeader);

    public ConfigText Line(string line)
    {
        text.Append(' ', depth * 4).Append(line).Append('\n');
        return this;
    }

    public ConfigText Blank()
    {
        text.Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="open"/>, the body one level deeper, then <paramref name="close"/>.</summary>
    public ConfigText Block(string open, string close, Action<ConfigText> body)
    {
        Line(open);
        depth++;
        body(this);
        depth--;
        return Line(close);
    }

    public override string ToString() => text.ToString();
}
