namespace SftpJail.Web.Identity;

public static class PanelRoles
{
    public const string Admin = "Admin";
    public const string Staff = "Staff";
    public const string Customer = "Customer";

    /// <summary>For <c>[Authorize(Roles = ...)]</c>: the people who run the hosting service.</summary>
    public const string AdminOrStaff = Admin + "," + Staff;

    public const string Anyone = Admin + "," + Staff + "," + Customer;

    public static readonly IReadOnlyList<string> All = [Admin, Staff, Customer];
}
