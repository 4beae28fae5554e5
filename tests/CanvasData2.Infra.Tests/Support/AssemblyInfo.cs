using System.Runtime.Versioning;

// The bicep binary the tests run comes from the linux-x64 package, and the hooks are checked with bash.
[assembly: SupportedOSPlatform("linux")]
