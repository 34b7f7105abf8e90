using System.ComponentModel.DataAnnotations;

namespace SftpJail.Web.Components.Shared;

/// <summary>The text typed on a confirm page for a destructive action (the domain or user name being removed).</summary>
public sealed class TypedConfirmation
{
    [StringLength(300)]
    public string? Typed { get; set; }
}
