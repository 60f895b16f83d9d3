using Kit.Core.Kitfiles;

namespace Kit.Core.Tests.Kitfile;

public class ModelKitReferenceDetectorTests
{
    [Theory]
    [InlineData("myrepo:v1")]
    [InlineData("org/model:latest")]
    [InlineData("registry.example.com/org/model:1.0")]
    [InlineData("localhost:5000/model:v1")]
    [InlineData("ghcr.io/a/b@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("repo:t1,t2")]
    [InlineData("data:2024")] // a KitOps quirk kept on purpose: detection is the same as KitOps'
    [InlineData("models/m:v1.bin")]
    public void References(string path) => Assert.True(ModelKitReferenceDetector.IsModelKitReference(path));

    [Theory]
    [InlineData("model")]
    [InlineData("models/model.bin")]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("Model:v1")]
    [InlineData("my model:v1")]
    [InlineData("repo:")]
    [InlineData("repo:-bad")]
    [InlineData("repo@sha256:short")]
    [InlineData("C:\\models\\m")]
    [InlineData("a/b:c/d")]
    [InlineData("/abs/m:v1")]
    public void NotReferences(string path) => Assert.False(ModelKitReferenceDetector.IsModelKitReference(path));
}
