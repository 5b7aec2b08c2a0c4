import DataDictionary
import Foundation
import Loading
import Testing

@Suite struct TableDefinitionDDLTests {
    /// The repository's `sql/dictionary.json`, found from this source file's location.
    static let challengeDictionaryPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("sql/dictionary.json").path

    @Test func ddlHasKeysIndexesAndForeignKeys() throws {
        let dictionary = try DataDictionary(contentsOf: Self.challengeDictionaryPath)
        let sql = try dictionary.requireTable("hired_employees").createTableSQL
        #expect(sql.hasPrefix("CREATE TABLE IF NOT EXISTS `hired_employees`"))
        #expect(sql.contains("`datetime` DATETIME(6) NOT NULL"))
        #expect(sql.contains("PRIMARY KEY (`id`)"))
        #expect(sql.contains("KEY `ix_datetime` (`datetime`)"))
        #expect(sql.contains("FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`)"))
        #expect(sql.contains("ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"))
    }

    @Test func secondaryKeysCanBeAddedAfterALoad() throws {
        let dictionary = try DataDictionary(contentsOf: Self.challengeDictionaryPath)
        let table = try dictionary.requireTable("hired_employees")
        let bare = table.createTableSQL(secondaryKeys: false)
        #expect(bare.contains("PRIMARY KEY (`id`)") && !bare.contains("ix_datetime") && !bare.contains("FOREIGN KEY"))
        #expect(
            table.addSecondaryKeysSQL(to: "`scratch`")
                == "ALTER TABLE `scratch` ADD KEY `ix_datetime` (`datetime`), "
                + "ADD FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`), "
                + "ADD FOREIGN KEY (`job_id`) REFERENCES `jobs` (`id`)")
        #expect(try dictionary.requireTable("jobs").addSecondaryKeysSQL(to: "`jobs`") == nil)
    }
}
