using System.Xml.Linq;

namespace SftpJail.Web.Components.Pages.Sites.AddCustomer;

/// <summary>A FileZilla site-manager export (File → Import) for one SFTP account; without the password, which the customer types.</summary>
public static class FileZillaSite
{
    public static string Xml(string host, int port, string userName, string name)
    {
        var server = new XElement("Server",
            new XElement("Host", host),
            new XElement("Port", port),
            new XElement("Protocol", 1), // SFTP
            new XElement("Type", 0),
            new XElement("User", userName),
            new XElement("Logontype", 2), // ask for the password at each connection
            new XElement("Name", name),
            new XElement("RemoteDir", "1 0 4 html")); // start in the jail's html/
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + new XElement("FileZilla3", new XElement("Servers", server)) + "\n";
    }
}
