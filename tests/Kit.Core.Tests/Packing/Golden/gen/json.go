// The KitOps 1.17 config and manifest JSON goldens, written with Go's encoding/json from structs that mirror
// KitOps's (pkg/artifact/kitfile.go) and the OCI image-spec's and model-spec's (field order and tags copied; no
// module is needed). The values mirror V117JsonGoldenTests.cs; keep both in sync.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

type LayerInfo struct {
	Digest string `json:"digest,omitempty"`
	DiffId string `json:"diffId,omitempty"`
}

type KitFile struct {
	ManifestVersion string      `json:"manifestVersion"`
	Package         Package     `json:"package"`
	Model           *Model      `json:"model,omitempty"`
	Code            []Code      `json:"code,omitempty"`
	DataSets        []DataSet   `json:"datasets,omitempty"`
	Docs            []Docs      `json:"docs,omitempty"`
	Prompts         []Prompt    `json:"prompts,omitempty"`
	MCPServers      []MCPServer `json:"mcpServers,omitempty"`
}

type Package struct {
	Name        string   `json:"name,omitempty"`
	Version     string   `json:"version,omitempty"`
	Description string   `json:"description,omitempty"`
	License     string   `json:"license,omitempty"`
	Authors     []string `json:"authors,omitempty"`
}

type Model struct {
	Name        string      `json:"name,omitempty"`
	Path        string      `json:"path,omitempty"`
	License     string      `json:"license,omitempty"`
	Framework   string      `json:"framework,omitempty"`
	Format      string      `json:"format,omitempty"`
	Version     string      `json:"version,omitempty"`
	Description string      `json:"description,omitempty"`
	Parts       []ModelPart `json:"parts,omitempty"`
	Parameters  any         `json:"parameters,omitempty"`
	*LayerInfo  `json:",inline"`
}

type ModelPart struct {
	Name       string `json:"name,omitempty"`
	Path       string `json:"path,omitempty"`
	License    string `json:"license,omitempty"`
	Type       string `json:"type,omitempty"`
	*LayerInfo `json:",inline"`
}

type Code struct {
	Path        string `json:"path,omitempty"`
	Description string `json:"description,omitempty"`
	License     string `json:"license,omitempty"`
	*LayerInfo  `json:",inline"`
}

type DataSet struct {
	Name        string `json:"name,omitempty"`
	Path        string `json:"path,omitempty"`
	RemotePath  string `json:"remotePath,omitempty"`
	RemoteHash  string `json:"remoteHash,omitempty"`
	Description string `json:"description,omitempty"`
	License     string `json:"license,omitempty"`
	Parameters  any    `json:"parameters,omitempty"`
	*LayerInfo  `json:",inline"`
}

type Docs struct {
	Path        string `json:"path"`
	Description string `json:"description,omitempty"`
	*LayerInfo  `json:",inline"`
}

type Prompt struct {
	Name        string `json:"name,omitempty"`
	Path        string `json:"path,omitempty"`
	Description string `json:"description,omitempty"`
	*LayerInfo  `json:",inline"`
}

type MCPServer struct {
	Name        string `json:"name,omitempty"`
	Path        string `json:"path,omitempty"`
	Description string `json:"description,omitempty"`
	*LayerInfo  `json:",inline"`
}

type Descriptor struct {
	MediaType    string            `json:"mediaType"`
	Digest       string            `json:"digest"`
	Size         int64             `json:"size"`
	URLs         []string          `json:"urls,omitempty"`
	Annotations  map[string]string `json:"annotations,omitempty"`
	Data         []byte            `json:"data,omitempty"`
	ArtifactType string            `json:"artifactType,omitempty"`
}

type Manifest struct {
	SchemaVersion int               `json:"schemaVersion"`
	MediaType     string            `json:"mediaType,omitempty"`
	ArtifactType  string            `json:"artifactType,omitempty"`
	Config        Descriptor        `json:"config"`
	Layers        []Descriptor      `json:"layers"`
	Subject       *Descriptor       `json:"subject,omitempty"`
	Annotations   map[string]string `json:"annotations,omitempty"`
}

type FileMetadata struct {
	Name     string    `json:"name"`
	Mode     uint32    `json:"mode"`
	Uid      uint32    `json:"uid"`
	Gid      uint32    `json:"gid"`
	Size     int64     `json:"size"`
	ModTime  time.Time `json:"mtime"`
	Typeflag byte      `json:"typeflag"`
}

// model-spec's config (specs-go/v1/config.go), the fields KitOps fills.
type ModelSpecModel struct {
	Descriptor ModelSpecDescriptor `json:"descriptor"`
	ModelFS    ModelSpecFS         `json:"modelfs"`
	Config     ModelSpecConfig     `json:"config"`
}

type ModelSpecDescriptor struct {
	CreatedAt   *time.Time `json:"createdAt,omitempty"`
	Authors     []string   `json:"authors,omitempty"`
	Family      string     `json:"family,omitempty"`
	Name        string     `json:"name,omitempty"`
	DocURL      string     `json:"docURL,omitempty"`
	SourceURL   string     `json:"sourceURL,omitempty"`
	DatasetsURL []string   `json:"datasetsURL,omitempty"`
	Version     string     `json:"version,omitempty"`
	Revision    string     `json:"revision,omitempty"`
	Vendor      string     `json:"vendor,omitempty"`
	Licenses    []string   `json:"licenses,omitempty"`
	Title       string     `json:"title,omitempty"`
	Description string     `json:"description,omitempty"`
}

type ModelSpecFS struct {
	Type    string   `json:"type"`
	DiffIDs []string `json:"diffIds"`
}

type ModelSpecConfig struct {
	Architecture string `json:"architecture,omitempty"`
	Format       string `json:"format,omitempty"`
	ParamSize    string `json:"paramSize,omitempty"`
	Precision    string `json:"precision,omitempty"`
	Quantization string `json:"quantization,omitempty"`
}

func digest(c byte) string { return "sha256:" + strings.Repeat(string(c), 64) }

func layer(c byte) *LayerInfo { return &LayerInfo{Digest: digest(c), DiffId: digest(c)} }

func config() KitFile {
	return KitFile{
		ManifestVersion: "1.0.0",
		Package:         Package{Name: "agent", Description: "tools <for> A&B\u2028", Authors: []string{"Jane"}},
		Model:           &Model{Name: "m", Path: "models/m.gguf", Parts: []ModelPart{{Name: "lora", Path: "lora", Type: "lora", LayerInfo: layer('2')}}, LayerInfo: layer('1')},
		Code:            []Code{{Path: "src", LayerInfo: &LayerInfo{Digest: digest('3'), DiffId: digest('4')}}},
		DataSets: []DataSet{
			{Name: "remote", Path: "data/remote", RemotePath: "s3://bucket/key?versionId=1&x=<y>", RemoteHash: "etag", Description: "crawl"},
			{Name: "local", Path: "data/local", LayerInfo: layer('5')},
		},
		Docs:       []Docs{{Path: "README.md", LayerInfo: layer('6')}},
		Prompts:    []Prompt{{Name: "system", Path: "system.prompt.md", Description: "the system prompt", LayerInfo: layer('7')}},
		MCPServers: []MCPServer{{Name: "files", Path: "files.mcpb", LayerInfo: layer('8')}},
	}
}

func metadata() string {
	mtime := time.Date(2026, 11, 7, 10, 11, 12, 123456789, time.FixedZone("", 3600))
	b, err := json.Marshal(FileMetadata{Name: "files.mcpb", Mode: 0o644, Size: 1234, ModTime: mtime})
	check(err)
	return string(b)
}

func manifest(layers []Descriptor) Manifest {
	return Manifest{
		SchemaVersion: 2,
		MediaType:     "application/vnd.oci.image.manifest.v1+json",
		ArtifactType:  "application/vnd.kitops.modelkit.manifest.v1+json",
		Config:        Descriptor{MediaType: "application/vnd.kitops.modelkit.config.v1+json", Digest: digest('c'), Size: 987},
		Layers:        layers,
		Annotations: map[string]string{
			"ml.kitops.modelkit.cli-version":   "kit-dotnet/test",
			"org.opencontainers.image.created": time.Unix(1794060202, 0).UTC().Format(time.RFC3339),
		},
	}
}

func agentManifest() Manifest {
	return manifest([]Descriptor{
		{MediaType: "application/vnd.kitops.modelkit.model.v1.tar", Digest: digest('1'), Size: 20480, Annotations: map[string]string{"org.cncf.model.filepath": "models/m.gguf"}},
		{MediaType: "application/vnd.kitops.modelkit.code.v1.tar", Digest: digest('7'), Size: 3072, Annotations: map[string]string{"ml.kitops.modelkit.layer-subtype": "prompt", "org.cncf.model.filepath": "system.prompt.md"}},
		{MediaType: "application/vnd.kitops.modelkit.mcpb.v1.raw", Digest: digest('8'), Size: 1234, Annotations: map[string]string{"org.cncf.model.file.metadata+json": metadata(), "org.cncf.model.filepath": "files.mcpb"}},
	})
}

// Every layer media type pack can write: each base type with each format and compression suffix; bundles only raw.
func mediaTypesManifest() Manifest {
	var layers []Descriptor
	for _, base := range []string{"model", "modelpart", "code", "dataset", "docs"} {
		for _, format := range []string{"tar", "raw"} {
			for _, suffix := range []string{"", "+gzip", "+zstd"} {
				layers = append(layers, Descriptor{MediaType: fmt.Sprintf("application/vnd.kitops.modelkit.%s.v1.%s%s", base, format, suffix), Digest: digest('a'), Size: 1, Annotations: map[string]string{"org.cncf.model.filepath": base}})
			}
		}
	}
	layers = append(layers, Descriptor{MediaType: "application/vnd.kitops.modelkit.mcpb.v1.raw", Digest: digest('a'), Size: 1, Annotations: map[string]string{"org.cncf.model.filepath": "mcpb"}})
	return manifest(layers)
}

var created = time.Unix(1794060202, 0).UTC()

// The Kitfile of a ModelPack: licenses on every kind that has one, so the sorted, de-duplicated list is exercised.
func modelPackKitfile() KitFile {
	return KitFile{
		ManifestVersion: "1.0.0",
		Package:         Package{Name: "llm", Version: "1.2.0", Description: "a <small> model", License: "MIT", Authors: []string{"Ann", "Bo"}},
		Model: &Model{Path: "model.gguf", License: "Apache-2.0", Format: "gguf", LayerInfo: layer('1'),
			Parts: []ModelPart{{Path: "tokenizer.json", License: "MIT", LayerInfo: layer('2')}}},
		Code:     []Code{{Path: "src", License: "BSD-3-Clause", LayerInfo: layer('3')}},
		DataSets: []DataSet{{Name: "eval", Path: "eval.csv", License: "CC-BY-4.0", LayerInfo: layer('4')}},
		Docs:     []Docs{{Path: "README.md", LayerInfo: layer('5')}},
		Prompts:  []Prompt{{Name: "system", Path: "system.prompt.md", LayerInfo: layer('6')}},
	}
}

// ToModelPackConfig of KitOps (pkg/artifact/kitfile.go), with the pack's creation time.
func modelPackConfig() ModelSpecModel {
	k := modelPackKitfile()
	var diffIds []string
	for _, c := range "123456" {
		diffIds = append(diffIds, digest(byte(c)))
	}
	return ModelSpecModel{
		Descriptor: ModelSpecDescriptor{CreatedAt: &created, Authors: k.Package.Authors, Name: k.Package.Name, Version: k.Package.Version,
			Licenses: []string{"Apache-2.0", "BSD-3-Clause", "CC-BY-4.0", "MIT"}, Title: k.Package.Name, Description: k.Package.Description},
		ModelFS: ModelSpecFS{Type: "layers", DiffIDs: diffIds},
		Config:  ModelSpecConfig{Format: k.Model.Format},
	}
}

func modelPackManifest() Manifest {
	kitfile, err := json.Marshal(modelPackKitfile())
	check(err)
	path := func(p string) map[string]string { return map[string]string{"org.cncf.model.filepath": p} }
	return Manifest{
		SchemaVersion: 2,
		MediaType:     "application/vnd.oci.image.manifest.v1+json",
		ArtifactType:  "application/vnd.cncf.model.manifest.v1+json",
		Config:        Descriptor{MediaType: "application/vnd.cncf.model.config.v1+json", Digest: digest('c'), Size: 987},
		Layers: []Descriptor{
			{MediaType: "application/vnd.cncf.model.weight.v1.tar", Digest: digest('1'), Size: 10240, Annotations: path("model.gguf")},
			{MediaType: "application/vnd.cncf.model.weight.config.v1.tar", Digest: digest('2'), Size: 3072, Annotations: path("tokenizer.json")},
			{MediaType: "application/vnd.cncf.model.code.v1.tar", Digest: digest('3'), Size: 4096, Annotations: path("src")},
			{MediaType: "application/vnd.cncf.model.dataset.v1.tar", Digest: digest('4'), Size: 3072, Annotations: path("eval.csv")},
			{MediaType: "application/vnd.cncf.model.doc.v1.tar", Digest: digest('5'), Size: 3072, Annotations: path("README.md")},
			{MediaType: "application/vnd.cncf.model.code.v1.tar", Digest: digest('6'), Size: 3072, Annotations: map[string]string{"ml.kitops.modelkit.layer-subtype": "prompt", "org.cncf.model.filepath": "system.prompt.md"}},
		},
		Annotations: map[string]string{
			"ml.kitops.modelkit.cli-version":   "kit-dotnet/test",
			"ml.kitops.modelkit.kitfile":       string(kitfile),
			"org.opencontainers.image.created": created.Format(time.RFC3339),
		},
	}
}

// Every ModelPack layer media type: model-spec's base names, tar with each compression, raw only uncompressed.
func modelPackMediaTypesManifest() Manifest {
	m := manifest(nil)
	m.ArtifactType = "application/vnd.cncf.model.manifest.v1+json"
	m.Config.MediaType = "application/vnd.cncf.model.config.v1+json"
	for _, base := range []string{"weight", "weight.config", "code", "dataset", "doc"} {
		for _, format := range []string{"tar", "tar+gzip", "tar+zstd", "raw"} {
			m.Layers = append(m.Layers, Descriptor{MediaType: fmt.Sprintf("application/vnd.cncf.model.%s.v1.%s", base, format), Digest: digest('a'), Size: 1, Annotations: map[string]string{"org.cncf.model.filepath": base}})
		}
	}
	return m
}

func writeJSON(out, name string, v any) {
	b, err := json.Marshal(v)
	check(err)
	check(os.WriteFile(filepath.Join(out, name), b, 0o644))
}

func writeJSONGoldens(out string) {
	writeJSON(out, "v117-config.json", config())
	writeJSON(out, "v117-manifest.json", agentManifest())
	writeJSON(out, "v117-manifest-mediatypes.json", mediaTypesManifest())
	// KitOps leaves the slice nil: "layers":null (we write [], the one deliberate difference).
	writeJSON(out, "v117-manifest-empty.json", manifest(nil))
	writeJSON(out, "modelpack-kitfile.json", modelPackKitfile())
	writeJSON(out, "modelpack-config.json", modelPackConfig())
	writeJSON(out, "modelpack-manifest.json", modelPackManifest())
	writeJSON(out, "modelpack-manifest-mediatypes.json", modelPackMediaTypesManifest())
}
