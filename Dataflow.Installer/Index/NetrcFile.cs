using System.Text;

namespace Dataflow.Installer.Index;

/// <summary>
/// The credentials of a <c>.netrc</c> file (<c>$NETRC</c>, else <c>~/.netrc</c>), read the way Python's
/// <c>netrc</c> module reads them for pip: <c>machine</c>, <c>default</c>, <c>login</c>, <c>password</c>,
/// <c>account</c> and <c>macdef</c> (skipped) tokens, double-quoted values, <c>#</c> comments.
/// </summary>
internal sealed class NetrcFile
{
    private readonly Dictionary<string, NetrcCredentials> _machines;
    private readonly NetrcCredentials? _default;

    private NetrcFile(Dictionary<string, NetrcCredentials> machines, NetrcCredentials? fallback)
    {
        _machines = machines;
        _default = fallback;
    }

    /// <summary>The file <c>$NETRC</c> names, else <c>~/.netrc</c>; null when there is none or it cannot be read (pip ignores it then too).</summary>
    public static NetrcFile? Load() =>
        Load(Environment.GetEnvironmentVariable("NETRC"), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary><paramref name="netrcVariable"/>'s file when it is set, else <c>.netrc</c> in <paramref name="home"/>.</summary>
    public static NetrcFile? Load(string? netrcVariable, string? home)
    {
        var path = netrcVariable;
        if (string.IsNullOrEmpty(path))
        {
            if (string.IsNullOrEmpty(home))
            {
                return null;
            }
            path = Path.Combine(home, ".netrc");
        }
        try
        {
            return File.Exists(path) ? Parse(File.ReadAllText(path)) : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Reads the text of a netrc file; a later entry for the same machine wins, as in Python's reader.</summary>
    public static NetrcFile Parse(string text)
    {
        var machines = new Dictionary<string, NetrcCredentials>(StringComparer.OrdinalIgnoreCase);
        NetrcCredentials? fallback = null;
        var tokens = Tokenize(text);
        var i = 0;
        while (i < tokens.Count)
        {
            var keyword = tokens[i++];
            string? machine;
            if (keyword == "machine" && i < tokens.Count)
            {
                machine = tokens[i++];
            }
            else if (keyword == "default")
            {
                machine = null;
            }
            else if (keyword == "macdef")
            {
                // The macro's name and body were consumed by the tokenizer, which ends a macro at a blank line.
                i++;
                continue;
            }
            else
            {
                // A stray token outside an entry: Python refuses the file, pip then ignores it; skipping it is gentler.
                continue;
            }

            string login = "", password = "";
            while (i < tokens.Count && tokens[i] is not ("machine" or "default" or "macdef"))
            {
                var field = tokens[i++];
                var value = i < tokens.Count ? tokens[i++] : "";
                switch (field)
                {
                    case "login" or "user":
                        login = value;
                        break;
                    case "password":
                        password = value;
                        break;
                }
            }
            var credentials = new NetrcCredentials(login, password);
            if (machine is null)
            {
                fallback = credentials;
            }
            else
            {
                machines[machine] = credentials;
            }
        }
        return new NetrcFile(machines, fallback);
    }

    /// <summary>The entry for <paramref name="host"/>, else the <c>default</c> entry, else null.</summary>
    public NetrcCredentials? Find(string host) => _machines.GetValueOrDefault(host) ?? _default;

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var position = 0;
        while (position < text.Length)
        {
            var c = text[position];
            if (char.IsWhiteSpace(c))
            {
                position++;
                continue;
            }
            if (c == '#' && StartsLine(text, position))
            {
                position = EndOfLine(text, position);
                continue;
            }
            var token = ReadToken(text, ref position);
            tokens.Add(token);
            if (token == "macdef")
            {
                // The name stays a token; the body runs to the first empty line and is dropped.
                while (position < text.Length && text[position] is ' ' or '\t')
                {
                    position++;
                }
                tokens.Add(ReadToken(text, ref position));
                var blank = text.IndexOf("\n\n", position, StringComparison.Ordinal);
                position = blank < 0 ? text.Length : blank + 2;
            }
        }
        return tokens;
    }

    private static string ReadToken(string text, ref int position)
    {
        var token = new StringBuilder();
        var quoted = position < text.Length && text[position] == '"';
        if (quoted)
        {
            position++;
        }
        while (position < text.Length)
        {
            var c = text[position];
            if (quoted ? c == '"' : char.IsWhiteSpace(c))
            {
                if (quoted)
                {
                    position++;
                }
                break;
            }
            if (c == '\\' && position + 1 < text.Length)
            {
                position++;
                c = text[position];
            }
            token.Append(c);
            position++;
        }
        return token.ToString();
    }

    // Only a '#' that begins a line opens a comment, so a password may still contain or start with one.
    private static bool StartsLine(string text, int position)
    {
        for (var i = position - 1; i >= 0 && text[i] != '\n'; i--)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static int EndOfLine(string text, int position)
    {
        var newline = text.IndexOf('\n', position);
        return newline < 0 ? text.Length : newline + 1;
    }
}
