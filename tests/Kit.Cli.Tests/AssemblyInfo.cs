using System.Runtime.Versioning;

// The end-to-end tests drive the Linux build of kit and use Unix file modes.
[assembly: SupportedOSPlatform("linux")]
