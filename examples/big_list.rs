//! Writes a synthetic sanctions list of about the size asked for, to measure what importing
//! and screening a big list costs (the files are not kept in the repository):
//!
//! ```sh
//! cargo run --release --example big_list -- simple 200 /tmp/big    # /tmp/big/list.csv, ~200 MB
//! cargo run --release --example big_list -- ofac 200 /tmp/big      # sdn.csv + alt.csv
//! cargo run --release --example big_list -- un 200 /tmp/big        # un.xml
//! /usr/bin/time -v target/release/dossier screen x.dossier /tmp/big/list.csv
//! ```
//!
//! Entries come from [`synthetic_entries`], each with a remark of OFAC's usual length.

use dossier::sanctions::{Entry, synthetic_entries, to_ofac_csv, to_simple_csv, to_un_xml};
use std::path::PathBuf;

/// Entries written per chunk: the generator's own memory stays small.
const CHUNK: usize = 20_000;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [format, megabytes, dir] = args.as_slice() else {
        eprintln!("usage: big_list simple|ofac|un MEGABYTES DIR");
        std::process::exit(2);
    };
    let target = megabytes.parse::<usize>().unwrap_or(200) * 1_000_000;
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir)?;
    let mut written = 0usize;
    let mut main_file = Vec::new();
    let mut alt_file = Vec::new();
    let mut seed = 1u64;
    while written < target {
        let mut entries = synthetic_entries(CHUNK, seed);
        let offset = (seed as usize - 1) * CHUNK;
        for (i, e) in entries.iter_mut().enumerate() {
            renumber(e, offset + i);
        }
        seed += 1;
        let chunk = match format.as_str() {
            "simple" => {
                let mut text = to_simple_csv(&entries);
                if written > 0 {
                    text = text
                        .split_once('\n')
                        .map_or(text.clone(), |(_, rows)| rows.into());
                }
                text
            }
            "ofac" => {
                let (sdn, alt) = to_ofac_csv(&entries);
                let sdn = renumber_ofac(&sdn, offset);
                alt_file.extend_from_slice(renumber_ofac(&alt, offset).as_bytes());
                sdn.trim_end_matches('\u{1a}').to_string()
            }
            "un" => {
                // The records inside the root: one INDIVIDUALS and one ENTITIES group per chunk.
                let xml = to_un_xml(&entries);
                let body = xml.split_once("\">\n").map_or("", |(_, b)| b);
                body.strip_suffix("</CONSOLIDATED_LIST>\n")
                    .unwrap_or(body)
                    .to_string()
            }
            _ => {
                eprintln!("unknown format {format:?}: simple, ofac or un");
                std::process::exit(2);
            }
        };
        written += chunk.len();
        main_file.extend_from_slice(chunk.as_bytes());
    }
    let (name, bytes) = match format.as_str() {
        "simple" => ("list.csv", main_file),
        "ofac" => {
            main_file.push(0x1a);
            std::fs::write(dir.join("alt.csv"), &alt_file)?;
            ("sdn.csv", main_file)
        }
        _ => {
            let mut xml = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
                <CONSOLIDATED_LIST dateGenerated=\"2024-01-31\">\n"
                .to_vec();
            xml.extend_from_slice(&main_file);
            xml.extend_from_slice(b"</CONSOLIDATED_LIST>\n");
            ("un.xml", xml)
        }
    };
    std::fs::write(dir.join(name), &bytes)?;
    println!("{}: {} bytes", dir.join(name).display(), bytes.len());
    Ok(())
}

/// A unique reference and a remark of a realistic length.
fn renumber(e: &mut Entry, i: usize) {
    e.reference = format!("SYN.{i}");
    e.remarks = Some(format!(
        "DOB 19{:02}; POB Niamey, Niger; nationality Niger; Passport A{i:07} (Niger); \
         Gender Male; Secondary sanctions risk: section 1(b) of Executive Order 13224.",
        i % 100
    ));
}

/// OFAC rows numbered from `offset + 1` instead of 1 (`ent_num` is the first field).
fn renumber_ofac(text: &str, offset: usize) -> String {
    text.split_inclusive("\r\n")
        .map(|line| match line.split_once(',') {
            Some((n, rest)) => match n.parse::<usize>() {
                Ok(n) => format!("{},{rest}", n + offset),
                Err(_) => line.to_string(),
            },
            None => line.to_string(),
        })
        .collect()
}
