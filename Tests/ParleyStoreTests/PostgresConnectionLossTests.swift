import Foundation
import ParleyTestSupport
import Testing

/// The network between a laptop and the team's server drops during a merge (issue 18): `parley merge`
/// fails at once with one line saying so, and the store is exactly as before — never half merged;
/// merging again once the network is back gives the whole merge.
@Suite(.postgresServer, .serialized) struct PostgresConnectionLossTests {
    @Test func aMergeWhoseConnectionDropsFailsAndLeavesTheStoreAsItWas() async throws {
        let folder = TempFolder()
        let small = folder.file("small.jsonl")
        var first = RaceLog(session: "5e55e55e-0000-4000-8000-0000000000e1", writer: "facilitator", seed: 60)
        first.addComments(100, speakers: ["P1", "P2", "P3"])
        try first.write(to: small)
        // The merge adds a note-taker to the session in the store, and brings a large new session.
        var noteTaker = RaceLog(session: first.session, writer: "ana", seed: 61)
        noteTaker.addComments(300, speakers: ["P1", "P2", "P3"])
        var large = RaceLog(session: "5e55e55e-0000-4000-8000-0000000000e2", writer: "facilitator", seed: 62)
        large.addComments(12_000, speakers: ["P1", "P2", "P3", "P4", "P5"])
        let logs = [folder.file("ana.jsonl"), folder.file("large.jsonl")]
        try noteTaker.write(to: logs[0])
        try large.write(to: logs[1])

        // The whole merge once through the proxy: what it gives, and how many bytes it takes.
        let reference = try await PostgresCommandLine.newDatabase()
        let (expected, total) = try await onOwnThread {
            try reference.merge([small])
            let proxy = try RecordingProxy(upstreamPort: reference.location.port)
            defer { proxy.close() }
            let merged = try reference.parley("merge", logs, port: proxy.port)
            guard merged.status == 0 else { throw TestError(description: "merge through the proxy failed: \(merged.error)") }
            return (try PostgresStoreContents(reference), proxy.captured.count)
        }
        #expect(expected.events == first.events.count + noteTaker.events.count + large.events.count)

        // The link drops early (reading what the store holds), in the middle (sending events) and late
        // (writing the derived tables).
        let shares = ProcessInfo.processInfo.environment["PARLEY_LONG"] == "1" ? Array(stride(from: 0.02, to: 0.95, by: 0.06)) : [0.02, 0.4, 0.9]
        for share in shares {
            let store = try await PostgresCommandLine.newDatabase()
            let (before, failed, proxyURL, after, remerged) = try await onOwnThread {
                try store.merge([small])
                let before = try PostgresStoreContents(store)
                let proxy = try RecordingProxy(upstreamPort: store.location.port)
                defer { proxy.close() }
                proxy.cut(afterBytes: Int(Double(total) * share))
                let failed = try store.parley("merge", logs, port: proxy.port)
                let after = try PostgresStoreContents(store)
                try store.merge(logs)
                return (before, failed, store.url(port: proxy.port), after, try PostgresStoreContents(store))
            }
            let cut = "cut after \(Int(share * 100))% of \(total) bytes"
            #expect(failed.status == 1, "\(cut): \(failed)")
            #expect(failed.error == "parley: \(proxyURL): the connection to the server was lost; nothing was changed\n", "\(cut)")
            let changed = after.differences(from: before)
            #expect(changed.isEmpty, "\(cut): the failed merge changed \(changed)")
            let missing = remerged.differences(from: expected)
            #expect(missing.isEmpty, "\(cut): merged again, the store differs from the whole merge in \(missing)")
        }
    }
}
