// Whole-file reads that report failures as InputError.
import Foundation

/// Reading whole files into memory with errors that name the path and the system's reason.
public enum FileBytes {
    /// The contents of the file at `path`.
    /// - Throws: `InputError` with place "file" when the file is missing, unreadable or a directory.
    public static func read(path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(file: path, place: "file", expected: "an existing file (no such file or directory)")
        }
        guard !isDirectory.boolValue else {
            throw InputError(file: path, place: "file", expected: "a regular file, found a directory")
        }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw InputError(file: path, place: "file", expected: "a readable file (\(error.localizedDescription))")
        }
    }
}
