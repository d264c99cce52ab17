using System.Net.Sockets;

namespace Codex.McpServer.Tests.Exec;

/// <summary>What a sandbox escape attempt aims at, and how the test observes it.</summary>
/// <param name="Workspace">The session's cwd (a writable root).</param>
/// <param name="Outside">A directory outside every writable root.</param>
/// <param name="Target">A file in <paramref name="Outside"/> that holds <c>original</c>.</param>
/// <param name="DevShmFile">A path under /dev/shm that must not appear.</param>
/// <param name="Udp">A UDP socket on 127.0.0.1 that must receive nothing.</param>
/// <param name="UdpPort">Its port.</param>
/// <param name="Tcp6">A TCP listener on ::1 that must not be connected to (null without IPv6).</param>
/// <param name="Tcp6Port">Its port.</param>
public sealed record EscapeContext(string Workspace, string Outside, string Target, string DevShmFile, UdpClient Udp, int UdpPort, TcpListener? Tcp6, int Tcp6Port);
