using System.ComponentModel.DataAnnotations;

namespace SftpJail.Web.Components.Pages.Sites;

public sealed class AddSiteInput
{
    public const string Generate = "generate";
    public const string SetOwn = "set";
    public const string KeysOnly = "none";

    [Required(ErrorMessage = "A domain is required.")]
    [StringLength(253)]
    public string Domain { get; set; } = "";

    [StringLength(64)]
    public string? UserName { get; set; }

    public string PasswordMode { get; set; } = Generate;

    [StringLength(256)]
    public string? Password { get; set; }

    /// <summary>Names the password staff typed, kept server-side by <c>PendingPasswords</c> from the preview to the apply.</summary>
    [StringLength(64)]
    public string? PasswordTicket { get; set; }

    /// <summary>The identity of the plan the preview showed; the apply is refused when the plan it would apply differs.</summary>
    [StringLength(64)]
    public string? PlanIdentity { get; set; }

    [StringLength(64 * 1024)]
    public string? Keys { get; set; }

    /// <summary>Optional; checked in the handler (an empty field is not an invalid address).</summary>
    [StringLength(256)]
    public string? CustomerEmail { get; set; }

    /// <summary>"preview" or "apply": which submit button was pressed.</summary>
    public string? Step { get; set; }
}

/// <summary>The site page's "customer login" form: an email, and whether to create the Customer account if it is missing.</summary>
public sealed class CustomerInput
{
    [StringLength(256)]
    public string? Email { get; set; }

    public bool Create { get; set; }
}
