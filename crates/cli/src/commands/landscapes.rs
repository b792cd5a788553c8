//! `sgdpde landscapes`: the catalogue.

use sgdpde_landscape::CATALOGUE;

/// Arguments of `sgdpde landscapes`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the catalogue as one JSON array.
    #[arg(long)]
    json: bool,
}

/// Prints the catalogue.
pub fn run(args: &Args) -> anyhow::Result<()> {
    if args.json {
        println!("{}", serde_json::to_string_pretty(CATALOGUE)?);
        return Ok(());
    }
    for e in CATALOGUE {
        println!("{}  (dimension {})", e.name, e.dim);
        println!("    {}", e.formula);
        println!("    {}", e.summary);
        for p in e.params {
            println!("    --param {}={}    {}", p.name, p.default, p.description);
        }
        println!(
            "    critical-point search box: {:?} (last interval repeats per coordinate)",
            e.search_box
        );
        println!();
    }
    Ok(())
}
