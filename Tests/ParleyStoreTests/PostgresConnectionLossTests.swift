import Foundation
import ParleyTestSupport
import Testing

/// The network between a laptop and the team's server drops during a merge (issue 18): `parley merge`
/// fails at once with one line saying so, and the store is exactly as before — never half merged;
/// merging again once the network is back gives the whole merge.
@Suite(.postgresServer, .serialized) struct PostgresConnectionLossTests {
    @Test func aMergeWhoseConnectionDropsFailsAndLeavesTheStoreAsItWas() async throws {
        let folder = TempFolder()
        // A store holding a small session; the merge adds a note-taker to it and brings two large sessions.
        let (small, large, events) = try RaceScenarios.largeMerge(in: folder.path, comments: 6_000)
        // The link drops early (reading what the store holds), in the middle (sending events) and late
        // (writing the derived tables).
        let shares = ProcessInfo.processInfo.environment["PARLEY_LONG"] == "1" ? Array(stride(from: 0.02, to: 0.95, by: 0.06)) : [0.02, 0.4, 0.9]
        let reference = try await StoreCommandLine.newPostgresDatabase()
        let stores = try await StoreCommandLine.newPostgresDatabases(shares.count)

        // The whole merge once through the proxy: what it gives, and how many bytes cross for it.
        let (expected, total) = try await onOwnThread {
            try reference.merge([small])
            let proxy = try RecordingProxy(upstreamPort: reference.serverPort)
            defer { proxy.close() }
            let merged = try reference.parley("merge", large, port: proxy.port)
            guard merged.status == 0 else { throw TestError(description: "merging through the proxy failed: \(merged.error)") }
            return (try StoreContents(reference), proxy.captured.count)
        }
        #expect(expected.events.count == events)

        for (share, store) in zip(shares, stores) {
            let (before, failed, proxied, after, mergedAgain) = try await onOwnThread {
                try store.merge([small])
                let before = try StoreContents(store)
                let proxy = try RecordingProxy(upstreamPort: store.serverPort)
                defer { proxy.close() }
                proxy.cut(afterBytes: Int(Double(total) * share))
                let failed = try store.parley("merge", large, port: proxy.port)
                let after = try StoreContents(store)
                try store.merge(large)
                return (before, failed, store.store(port: proxy.port), after, try StoreContents(store))
            }
            let cut = "cut after \(Int(share * 100))% of \(total) bytes"
            #expect(failed.status == 1, "\(cut): \(failed)")
            #expect(failed.error == "parley: \(proxied): the connection to the server was lost; nothing was changed\n", "\(cut)")
            let changed = after.differences(from: before)
            #expect(changed.isEmpty, "\(cut): the failed merge changed \(changed)")
            let missing = mergedAgain.differences(from: expected)
            #expect(missing.isEmpty, "\(cut): merged again, the store differs from the whole merge in \(missing)")
        }
        withExtendedLifetime(folder) {}
    }

    /// The link drops just after the COMMIT went out: the server committed, but parley never heard so.
    /// It must not say that nothing was changed.
    @Test func aConnectionLostWhileCommittingSaysItMayHaveBeenSaved() async throws {
        let folder = TempFolder()
        let (small, large, _) = try RaceScenarios.largeMerge(in: folder.path, comments: 300)
        let (reference, store) = (try await StoreCommandLine.newPostgresDatabase(), try await StoreCommandLine.newPostgresDatabase())
        let (commitAt, failed, proxied, contents, expected) = try await onOwnThread {
            // Where the COMMIT crosses in a whole merge (the query text of its Parse message; the server's
            // answer says COMMIT too, after a length): everything before it has been answered by then.
            try reference.merge([small])
            let whole = try RecordingProxy(upstreamPort: reference.serverPort)
            _ = try reference.parley("merge", large, port: whole.port)
            whole.close()
            let commitAt = whole.captured.lastRange(of: Data("\0COMMIT\0".utf8))!.upperBound
            try store.merge([small])
            let proxy = try RecordingProxy(upstreamPort: store.serverPort)
            defer { proxy.close() }
            proxy.cut(afterBytes: commitAt)
            let failed = try store.parley("merge", large, port: proxy.port)
            return (commitAt, failed, store.store(port: proxy.port), try StoreContents(store), try StoreContents(reference))
        }
        #expect(failed.status == 1, "cut after \(commitAt) bytes: \(failed)")
        #expect(failed.error == "parley: \(proxied): the connection to the server was lost while the change was being saved: it may or may not "
                + "have been; run the command again to be sure (it does nothing more if it was)\n")
        // It was: the server committed.
        #expect(contents.differences(from: expected).isEmpty)
        withExtendedLifetime(folder) {}
    }
}
