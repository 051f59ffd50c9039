namespace Dataflow.Installer;

internal static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("dfi");
        return 0;
    }
}
