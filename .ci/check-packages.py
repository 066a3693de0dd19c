#!/usr/bin/env python3
"""Opens every QwenApi.*.nupkg in a folder and checks its layout and its exact dependency list.

Usage: check-packages.py <folder with .nupkg/.snupkg> <repository root>
Prints one 'ci:' line per problem and exits 1 if there is any.
"""
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

TFM = "net10.0"
TFM_GROUP = ".NETCoreApp10.0"  # how older NuGet clients spell it; accept both
SOURCELINK = b"https://raw.githubusercontent.com/qwenapi/QwenApi.Connectors/"

# The minimal dependencies of each package: package ids (versions come from Directory.Packages.props, or the
# repository's version for our own packages) and framework references. Anything else is a leak.
EXPECTED = {
    "QwenApi.Extensions.AI": {
        "dependencies": {
            "Microsoft.Extensions.AI.Abstractions", "Microsoft.Extensions.Logging.Abstractions", "Polly.Core",
            # Client-side governance: QwenClientOptions.RequestRateLimiter / TokenRateLimiter take any RateLimiter.
            "System.Threading.RateLimiting",
            # DI hosting (AddQwenChatClient): ChatClientBuilder, configuration binding, IHttpClientFactory, options.
            "Microsoft.Extensions.AI", "Microsoft.Extensions.Configuration.Abstractions",
            "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Http", "Microsoft.Extensions.Options",
        },
        "frameworks": set(),
    },
    "QwenApi.Extensions.AI.Redis": {
        "dependencies": {
            "QwenApi.Extensions.AI", "StackExchange.Redis",
            # AddQwenRedisRateLimiting (post-configures every client's options) and the outage log.
            "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Logging.Abstractions",
            "Microsoft.Extensions.Options",
        },
        "frameworks": set(),
    },
    "QwenApi.SemanticKernel": {
        "dependencies": {"QwenApi.Extensions.AI", "Microsoft.SemanticKernel.Abstractions"},
        "frameworks": set(),
    },
    "QwenApi.Testing": {
        "dependencies": set(),
        "frameworks": {"Microsoft.AspNetCore.App"},
    },
}


def local(tag):
    return tag.rsplit("}", 1)[-1]


def central_versions(root):
    text = (root / "Directory.Packages.props").read_text(encoding="utf-8")
    return dict(re.findall(r'<PackageVersion\s+Include="([^"]+)"\s+Version="([^"]+)"', text))


def repo_version(root):
    match = re.search(r"<Version>([^<]+)</Version>", (root / "Directory.Build.props").read_text(encoding="utf-8"))
    return match.group(1) if match else None


def check(nupkg, root, versions, version, problems, seen):
    def problem(text):
        problems.append(f"{nupkg.name}: {text}")

    with zipfile.ZipFile(nupkg) as archive:
        names = set(archive.namelist())
        nuspecs = [n for n in names if n.endswith(".nuspec") and "/" not in n]
        if len(nuspecs) != 1:
            problem("expected one .nuspec at the root")
            return
        meta = next(e for e in ET.fromstring(archive.read(nuspecs[0])) if local(e.tag) == "metadata")
        field = {local(e.tag): e for e in meta}
        pid = field["id"].text
        seen.add(pid)
        expected = EXPECTED.get(pid)
        if expected is None:
            problem(f"no expected dependency list for package {pid}: add it to EXPECTED in .ci/check-packages.py")
            return

        if field["version"].text != version:
            problem(f"version {field['version'].text}, expected {version} (root Directory.Build.props)")
        for required in ("description", "license", "projectUrl", "tags", "readme", "repository"):
            if required not in field or (required != "repository" and not (field[required].text or "").strip()):
                problem(f"nuspec has no <{required}>")
        if "license" in field and (field["license"].get("type"), field["license"].text) != ("expression", "MIT"):
            problem("licence is not the MIT expression")
        if "repository" in field and not field["repository"].get("commit"):
            problem("<repository> has no commit (SourceLink/repository info missing)")
        readme = field["readme"].text if "readme" in field else None
        if readme not in names:
            problem(f"readme '{readme}' is not in the package")
        elif len(archive.read(readme).strip()) < 100:
            problem("README.md is nearly empty")

        for suffix in (".dll", ".xml"):
            path = f"lib/{TFM}/{pid}{suffix}"
            if path not in names:
                problem(f"missing {path}")
        unexpected = sorted(n for n in names if n.startswith("lib/") and not n.startswith(f"lib/{TFM}/"))
        if unexpected:
            problem(f"unexpected target folders: {unexpected}")
        if any(n.endswith(".pdb") for n in names):
            problem("a .pdb is inside the .nupkg: symbols belong in the .snupkg")

        dependencies, frameworks = {}, set()
        for group_list in meta:
            kind = local(group_list.tag)
            for group in group_list:
                if group.get("targetFramework") not in (TFM, TFM_GROUP):
                    problem(f"{kind} group for unexpected target '{group.get('targetFramework')}'")
                for item in group:
                    if kind == "dependencies":
                        dependencies[item.get("id")] = item.get("version")
                    elif kind == "frameworkReferences":
                        frameworks.add(item.get("name"))
        if set(dependencies) != expected["dependencies"]:
            extra = sorted(set(dependencies) - expected["dependencies"])
            missing = sorted(expected["dependencies"] - set(dependencies))
            problem(f"dependencies differ from the minimal set: extra {extra}, missing {missing}")
        for dep, dep_version in sorted(dependencies.items()):
            want = version if dep.startswith("QwenApi.") else versions.get(dep)
            if dep_version != want:
                problem(f"dependency {dep} {dep_version}, expected {want}")
        if frameworks != expected["frameworks"]:
            problem(f"framework references {sorted(frameworks)}, expected {sorted(expected['frameworks'])}")

    snupkg = nupkg.with_suffix(".snupkg")
    if not snupkg.exists():
        problem(f"missing symbols package {snupkg.name}")
        return
    with zipfile.ZipFile(snupkg) as symbols:
        pdb = f"lib/{TFM}/{pid}.pdb"
        if pdb not in symbols.namelist():
            problem(f"{snupkg.name} has no {pdb}")
        elif SOURCELINK not in symbols.read(pdb):
            problem(f"{pdb} has no SourceLink to {SOURCELINK.decode()}")
    print(f"packages: {nupkg.name} ok ({len(dependencies)} dependencies: {', '.join(sorted(dependencies)) or 'none'})")


def main():
    folder, root = Path(sys.argv[1]), Path(sys.argv[2])
    packages = sorted(p for p in folder.glob("QwenApi.*.nupkg") if not p.name.endswith(".symbols.nupkg"))
    projects = sorted(p.stem for p in (root / "src").glob("*/*.csproj"))
    problems, seen = [], set()
    versions, version = central_versions(root), repo_version(root)
    for nupkg in packages:
        check(nupkg, root, versions, version, problems, seen)
    for missing in sorted(set(projects) - seen):
        problems.append(f"no package for src project {missing}")
    for text in problems:
        print(f"ci: {text}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
