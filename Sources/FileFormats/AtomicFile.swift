// Crash-safe whole-file writes: temporary file, fsync, rename, fsync of the directory.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `write(2)`, named apart from `AtomicFile.write`.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, buffer, count)
    #else
    Darwin.write(fd, buffer, count)
    #endif
}

/// A failed write: the path, the system call that failed and the system's reason.
public struct FileWriteError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var operation: String
    /// `errno` of the failing call (0 when not from a system call).
    public var code: Int32
    public var reason: String

    public init(path: String, operation: String, code: Int32, reason: String) {
        self.path = path
        self.operation = operation
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(path): cannot \(operation): \(reason)" }
}

/// Writes files so that readers see either the old contents or the complete new contents,
/// even if the process or the machine dies mid-write.
///
/// Algorithm: create `.<name>.tmp-<pid>-<random>` in the destination's directory
/// (`O_CREAT | O_EXCL`, mode 0644 less the umask), write everything (retrying short writes and
/// `EINTR`), `fsync` it, `rename` it over the destination (atomic within one file system), then
/// `fsync` the directory so the rename itself is durable. On any failure the temporary file is
/// removed and a `FileWriteError` naming the path and `strerror` text is thrown (for example
/// "Permission denied", "No space left on device"); nothing traps.
public enum AtomicFile {
    /// Atomically replaces the file at `path` with `bytes`.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try bytes.withUnsafeBytes { try write(raw: $0, to: path) }
    }

    /// Atomically replaces the file at `path` with `data`.
    public static func write(_ data: Data, to path: String) throws {
        try data.withUnsafeBytes { try write(raw: $0, to: path) }
    }

    /// Atomically replaces the file at `path` with the UTF-8 bytes of `text`.
    public static func write(text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    private static func failure(_ path: String, _ operation: String, _ code: Int32 = errno) -> FileWriteError {
        FileWriteError(path: path, operation: operation, code: code, reason: String(cString: strerror(code)))
    }

    private static func write(raw: UnsafeRawBufferPointer, to path: String) throws {
        guard !path.isEmpty else {
            throw FileWriteError(path: path, operation: "write", code: 0, reason: "the path is empty")
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw failure(path, "create a temporary file in directory \(directory)")
        }
        var ok = false
        defer {
            if !ok { unlink(temporary) }
        }
        var written = 0
        while written < raw.count {
            let n = systemWrite(fd, raw.baseAddress! + written, raw.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                let e = failure(path, "write \(raw.count) bytes")
                close(fd)
                throw e
            }
            written += n
        }
        if fsync(fd) != 0 {
            let e = failure(path, "fsync the temporary file")
            close(fd)
            throw e
        }
        if close(fd) != 0 { throw failure(path, "close the temporary file") }
        if rename(temporary, path) != 0 { throw failure(path, "rename the temporary file into place") }
        ok = true
        // Make the rename durable. Some file systems refuse fsync on directories (EINVAL); the
        // data itself is already safe, so only real I/O errors are reported.
        let dfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            let result = fsync(dfd)
            let code = errno
            close(dfd)
            if result != 0 && code == EIO { throw failure(path, "fsync directory \(directory)", code) }
        }
    }
}
