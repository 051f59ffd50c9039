using System.Text;
using Spectre.Console;

namespace Dataflow.Installer.Progress;

/// <summary>
/// Stands in for stderr while the display is live: whole lines go through the display's console, which draws
/// them above the display instead of through it. Log lines keep reaching the person this way.
/// </summary>
internal sealed class ConsoleLineWriter(IAnsiConsole console) : TextWriter
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value == '\n')
            {
                var line = _line.ToString().TrimEnd('\r');
                _line.Clear();
                console.Write(new Text(line + "\n"));
                return;
            }
            _line.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            foreach (var character in value ?? "")
            {
                Write(character);
            }
        }
    }

    public override void Flush()
    {
        lock (_gate)
        {
            if (_line.Length > 0)
            {
                console.Write(new Text(_line.ToString()));
                _line.Clear();
            }
        }
    }
}
