using SftpJail.Core.Contract;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Model;

/// <summary>The generator alone (no host): its sequences must be replayable and only ever describe valid states.</summary>
public sealed class OperationGeneratorTests
{
    private static readonly string[] FakeKeys = ["k0", "k1", "k2", "k3"];

    [Fact]
    public void The_same_seed_gives_the_same_sequence()
    {
        var first = OperationGenerator.Generate(1234, "sjtabcdef", FakeKeys.Length).Select(o => o.ToString());
        var again = OperationGenerator.Generate(1234, "sjtabcdef", FakeKeys.Length).Select(o => o.ToString());

        Assert.Equal(first, again);
    }

    [Fact]
    public void A_shorter_run_of_a_seed_is_a_prefix_of_the_full_one()
    {
        var full = OperationGenerator.Generate(99, "sjtabcdef", FakeKeys.Length).Select(o => o.ToString()).ToList();
        var shorter = OperationGenerator.Generate(99, "sjtabcdef", FakeKeys.Length, count: 10).Select(o => o.ToString());

        Assert.Equal(full.Take(10), shorter);
    }

    [Fact]
    public void Every_step_of_many_seeds_is_a_desired_state_the_executor_accepts_and_every_user_keeps_a_way_in()
    {
        var profile = JailHost.Configure("/var/lib/sjtest-abcdef", "abcdef", 2200).ToProfile();
        var keys = Enumerable.Range(0, FakeKeys.Length)
            .Select(i => $"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{new string((char)('A' + i), 43)} k{i}")
            .ToList();
        var kinds = new HashSet<Type>();
        for (var seed = 0; seed < 300; seed++)
        {
            var model = JailModel.Empty;
            var operations = OperationGenerator.Generate(seed, "sjtabcdef", keys.Count);
            Assert.InRange(operations.Count, 30, 50);
            foreach (var operation in operations)
            {
                model = operation.ApplyTo(model);
                kinds.Add(operation.GetType());
                DesiredStateParser.Parse(model.ToDto(keys), profile);
                Assert.All(model.Users, pair => Assert.True(pair.User.HasLoginMethod, $"seed {seed}: {operation} left {pair.User.Name} no way in"));
                Assert.False(operation.Password is { } set && model.User(set.UserName).User.KeyOnly, $"seed {seed}: {operation} sets a password for a key-only user");
                Assert.InRange(model.Sites.Count, 0, OperationGenerator.MaxSites);
                Assert.InRange(model.Users.Count(), 0, OperationGenerator.MaxLiveUsers);
                Assert.InRange(model.Users.Count() + model.Removed.Count, 0, OperationGenerator.MaxUserNames);
            }
        }

        Assert.Equal(11, kinds.Count);
    }
}
