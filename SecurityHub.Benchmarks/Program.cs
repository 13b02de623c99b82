using SecurityHub.Benchmarks;

// dotnet run -c Release --project SecurityHub.Benchmarks -- <benchmark> [options]
var name = args.FirstOrDefault() ?? "";
switch (name)
{
    case "certificates":
        await CertificateBenchmark.RunAsync(args.Skip(1).ToArray());
        return 0;
    case "pages":
        await PagesBenchmark.RunAsync(args.Skip(1).ToArray());
        return 0;
    case "inventory":
        await InventoryBenchmark.RunAsync(args.Skip(1).ToArray());
        return 0;
    default:
        Console.WriteLine("Benchmarks: certificates [--sizes 200,1000] [--hung 64] [--concurrency 16] [--timeout 2] [--rounds 3]");
        Console.WriteLine("            inventory [--systems 1000] [--items 10] [--runs 5]");
        Console.WriteLine("            pages [--runs 30] [--systems 1000] [--endpoints 1000] [--months 24] [--users 200] [--audit 50000]");
        return name.Length == 0 ? 0 : 1;
}
