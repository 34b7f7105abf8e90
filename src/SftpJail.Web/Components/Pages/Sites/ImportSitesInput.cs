using System.ComponentModel.DataAnnotations;

namespace SftpJail.Web.Components.Pages.Sites;

public sealed class ImportSitesInput
{
    /// <summary>Names the uploaded file kept server-side by <see cref="PendingImports"/> from the preview to the apply.</summary>
    [StringLength(64)]
    public string? Ticket { get; set; }

    /// <summary>The identity of the plan the preview showed; the apply is refused when the plan it would apply differs.</summary>
    [StringLength(64)]
    public string? PlanIdentity { get; set; }

    /// <summary>"auto" (from the file name), "csv" or "json".</summary>
    [StringLength(8)]
    public string? Format { get; set; }

    /// <summary>"preview" or "apply".</summary>
    public string? Step { get; set; }
}
