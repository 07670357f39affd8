import Foundation

/// Several `parley` processes on one store at once (issue 18), the same races on either database: each
/// runs on `stores` — the first made one command after the other as the reference, then one per round —
/// and answers what went wrong, one line each (none when all is well).
public enum StoreRaces {
    /// Four merges of overlapping logs started at the same moment into a new store: all succeed, each
    /// event is new to exactly one of them, and the store is the one merging in turn gives.
    public static func merges(logsIn folder: String, stores: [StoreCommandLine]) throws -> [String] {
        let (shares, events) = try RaceScenarios.overlappingShares(in: folder)
        let reference = stores[0]
        for share in shares { try reference.merge(share) }
        let expected = try StoreContents(reference)
        var problems = expected.events.count == events ? [] : ["the reference holds \(expected.events.count) events, not \(events)"]
        for (round, store) in stores.dropFirst().enumerated() {
            // Each round a different process starts first.
            let results = try store.race(shares.indices.map { (command: "merge", arguments: shares[($0 + round) % shares.count]) })
            problems += results.filter { $0.status != 0 }.map { "round \(round): \($0.error)" }
            let new = results.compactMap { result in
                result.output.firstMatch(of: /: ([\d,]+) events? new/).flatMap { Int($0.1.filter(\.isNumber)) }
            }
            if new.reduce(0, +) != events { problems.append("round \(round): each event is not new exactly once: \(results.map(\.output))") }
            let differences = try StoreContents(store).differences(from: expected)
            if !differences.isEmpty { problems.append("round \(round): differs from merging one after the other in \(differences)") }
        }
        return problems
    }

    /// P3 withdrawn while the note-takers' logs, full of P3's words, are merged into a store holding the
    /// facilitator's log, in both orders, at once or a moment apart: P3's words end nowhere, and stay out
    /// when every log is merged again. `leftovers` says where else the store still holds `RaceLog.withdrawnWord`
    /// or P3's events, read without Parley (it must find them before the withdrawal).
    public static func withdrawal(logsIn folder: String, stores: [StoreCommandLine],
                                  leftovers: (StoreCommandLine) throws -> [String]) throws -> [String] {
        let paths = try RaceScenarios.withdrawal(in: folder)
        let withdraw = (command: "withdraw", arguments: ["--session", RaceScenarios.withdrawalSession, "--participant", "P3"])
        let reference = stores[0]
        try reference.merge([paths[0]])
        try reference.merge(paths)
        var problems: [String] = []
        if try leftovers(reference).isEmpty { problems.append("before the withdrawal, P3's words are not found where they are looked for") }
        let withdrawn = try reference.parley(withdraw.command, withdraw.arguments)
        if withdrawn.status != 0 { problems.append("withdrawing one after the other: \(withdrawn.error)") }
        let expected = try StoreContents(reference)
        if !expected.csv.contains("P5") || expected.csv.contains(RaceLog.withdrawnWord) { problems.append("the reference's export is wrong") }

        for (round, store) in stores.dropFirst().enumerated() {
            try store.merge([paths[0]])
            let merge = (command: "merge", arguments: Array(paths.dropFirst()))
            let withdrawFirst = round % 2 == 0
            let results = try store.race(withdrawFirst ? [withdraw, merge] : [merge, withdraw], stagger: Double(round / 2 % 3) * 0.05)
            problems += results.filter { $0.status != 0 }.map { "round \(round): \($0.error)" }
            let first = results[withdrawFirst ? 1 : 0].output.contains("about withdrawn participants left out") ? "withdrawal" : "merge"
            print("StoreRaces: \(store.store()) round \(round): the \(first) got the store first")
            problems += try tracesOfP3(in: store, like: expected, leftovers: leftovers).map { "round \(round): \($0)" }
            // The tombstone holds: merging every log again brings nothing back.
            try store.merge(paths)
            problems += try tracesOfP3(in: store, like: expected, leftovers: leftovers).map { "round \(round), merged again: \($0)" }
        }
        return problems
    }

    /// What shows P3 is not gone from `store`: a store unlike the reference, P3's words exported or found,
    /// or anything `leftovers` finds.
    private static func tracesOfP3(in store: StoreCommandLine, like expected: StoreContents,
                                  leftovers: (StoreCommandLine) throws -> [String]) throws -> [String] {
        let contents = try StoreContents(store)
        var problems: [String] = []
        let differences = contents.differences(from: expected)
        if !differences.isEmpty { problems.append("differs from withdrawing after merging in \(differences)") }
        if contents.csv.contains(RaceLog.withdrawnWord) { problems.append("P3's words are exported") }
        if contents.tombstones != [[RaceScenarios.withdrawalSession, "P3"]] { problems.append("tombstones: \(contents.tombstones)") }
        let search = try store.parley("search", [RaceLog.withdrawnWord])
        if search.status != 0 || search.output != "No comments match \"\(RaceLog.withdrawnWord)\".\n" { problems.append("search finds P3's words: \(search)") }
        return problems + (try leftovers(store))
    }

    /// Reports read one after another while a large merge runs on a store holding a small session: each is
    /// the report from before the merge or from after it, never a mix.
    public static func reportsDuringMerge(logsIn folder: String, comments: Int, stores: [StoreCommandLine]) throws -> [String] {
        let (small, large, _) = try RaceScenarios.largeMerge(in: folder, comments: comments)
        var problems: [String] = []
        for (round, store) in stores.enumerated() {
            try store.merge([small])
            let before = try store.parley("report").output
            let merge = try store.start("merge", large)
            // Until the merge ends, or is killed should it take too long.
            let deadline = Date().addingTimeInterval(StoreCommandLine.seconds)
            var seen: [StoreCommandLine.Outcome] = []
            while !merge.hasEnded, Date() < deadline { seen.append(try store.parley("report")) }
            let merged = merge.wait(seconds: 1)
            let after = try store.parley("report").output
            if merged.status != 0 { problems.append("round \(round): the merge failed: \(merged.error)") }
            problems += seen.filter { $0.status != 0 }.map { "round \(round): a report failed: \($0.error)" }
            let reports = seen.map(\.output)
            if after == before { problems.append("round \(round): the merge changed no report") }
            // The last one may have started after the merge ended.
            if reports.dropLast().count < 2 { problems.append("round \(round): the merge ended before reports could be read during it") }
            let mixed = reports.filter { $0 != before && $0 != after }
            if !mixed.isEmpty { problems.append("round \(round): \(mixed.count) of \(reports.count) reports were neither before nor after the merge:\n\(mixed[0])") }
            print("StoreRaces: round \(round): \(reports.count) reports during a merge into \(store.store()): "
                + "\(reports.filter { $0 == before }.count) before it, \(reports.filter { $0 == after }.count) after it")
        }
        return problems
    }
}
