using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Mvc;
using SftpJail.Data.Services;
using SftpJail.Web.Identity;

namespace SftpJail.Web.Components.Pages.Connect;

/// <summary>A FileZilla site-manager export (File → Import in FileZilla) for one SFTP user of a site.</summary>
public static class FileZillaDownload
{
    public static async Task<IResult> HandleAsync(
        int siteId,
        [FromQuery] string? user,
        HttpContext context,
        [FromServices] ISiteService sites,
        [FromServices] PanelAccess access,
        [FromServices] ConnectionDetailsProvider connection,
        CancellationToken cancellationToken)
    {
        var site = await sites.GetSiteAsync(siteId, cancellationToken);
        if (site is null || !access.CanOpen(site.Site))
        {
            return TypedResults.NotFound();
        }

        var account = site.Users.FirstOrDefault(u => u.UserName == user) ?? site.Users.FirstOrDefault();
        if (account is null)
        {
            return TypedResults.NotFound();
        }

        var details = await connection.GetAsync(context, cancellationToken);
        var xml = Render(site.Site.Domain, details.Host, details.Port, account.UserName);
        return TypedResults.File(Encoding.UTF8.GetBytes(xml), "application/xml", $"{site.Site.Domain}-filezilla.xml");
    }

    /// <summary>XmlWriter escapes every value, so no name can break out of its element.</summary>
    public static string Render(string siteName, string host, int port, string user)
    {
        var output = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false };
        using (var writer = XmlWriter.Create(new StringWriterWithEncoding(output), settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("FileZilla3");
            writer.WriteAttributeString("version", "3.60.0");
            writer.WriteStartElement("Servers");
            writer.WriteStartElement("Server");
            writer.WriteElementString("Host", host);
            writer.WriteElementString("Port", port.ToString(CultureInfo.InvariantCulture));
            writer.WriteElementString("Protocol", "1"); // 1 = SFTP
            writer.WriteElementString("Type", "0");
            writer.WriteElementString("User", user);
            writer.WriteElementString("Logontype", "2"); // 2 = ask for the password: it is never written to the file
            writer.WriteElementString("RemoteDir", "");
            writer.WriteElementString("SyncBrowsing", "0");
            writer.WriteElementString("Name", siteName);
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return output.ToString();
    }

    private sealed class StringWriterWithEncoding(StringBuilder sb) : StringWriter(sb, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
