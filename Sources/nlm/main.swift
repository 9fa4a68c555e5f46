import Experiments
import FileFormats
import Foundation

/// `nlm <command> [arguments]`: the NeuralLangevin command line.
let arguments = Array(CommandLine.arguments.dropFirst())
let overview = """
    nlm — Neural Langevin Machines: every neuron an agent, with dense SIMD fast paths.

    USAGE: nlm <command> [arguments] [--help]

    COMMANDS:
    \(Commands.all.map { "  " + $0.name.padding(toLength: 14, withPad: " ", startingAt: 0) + $0.summary }.joined(separator: "\n"))
    """

guard let name = arguments.first, name != "--help", name != "-h", name != "help" else {
    print(overview)
    exit(0)
}
guard let command = Commands.all.first(where: { $0.name == name }) else {
    FileHandle.standardError.write(Data("nlm: unknown command \"\(name)\"\n\n\(overview)\n".utf8))
    exit(2)
}
do {
    let rest = Array(arguments.dropFirst())
    if rest.contains("--help") || rest.contains("-h") {
        print(command.help)
        exit(0)
    }
    let parsed = try CommandArguments(command: command.name, rest, options: command.options)
    exit(try command.action(parsed))
} catch let error as InputError {
    // Errors about arguments already name the command ("nlm run: --x: expected …").
    let prefix = error.file.hasPrefix("nlm ") ? "" : "nlm \(command.name): "
    FileHandle.standardError.write(Data("\(prefix)\(error)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("nlm \(command.name): \(error)\n".utf8))
    exit(1)
}
