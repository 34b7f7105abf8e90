using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Rendering;

namespace SftpJail.Web.Components.Shared;

/// <summary>
/// A password field bound like <see cref="InputText"/> but never rendered with a value: a form shown again after an
/// error must not carry the typed password back in its HTML (where caches, proxies and "view source" keep it).
/// </summary>
public sealed class SecretInput : InputText
{
    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "input");
        builder.AddMultipleAttributes(1, AdditionalAttributes);
        builder.AddAttribute(2, "type", "password");
        if (!string.IsNullOrEmpty(NameAttributeValue))
        {
            builder.AddAttribute(3, "name", NameAttributeValue);
        }

        builder.AddAttribute(4, "class", CssClass);
        builder.AddAttribute(5, "value", string.Empty);
        builder.CloseElement();
    }
}
