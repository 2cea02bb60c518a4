package dump

import (
	"fmt"
	"os"
	"testing"

	"github.com/plimsoll/plimsoll/infra/aws"
	"github.com/plimsoll/plimsoll/loader/terraform"
)

func TestDump(t *testing.T) {
	dir := os.Getenv("DIR")
	g, ds := terraform.Load(os.DirFS(dir), ".", terraform.Options{})
	for _, d := range ds {
		fmt.Println("DIAG", d.Error())
	}
	aws.Annotate(g)
	for _, r := range g.Resources() {
		fmt.Printf("%s %d pos=%s prov=%s region=%#v cu=%v role=%s zones=%s\n  attrs=%#v\n", r.Addr, r.Addr.Mode, r.Pos, r.Provider, r.Region, r.CountUnknown, r.Role, r.Zones, r.Attrs)
		for _, e := range g.Out(r) {
			fmt.Printf("  -> %s [%s]\n", e.To, e.Attr)
		}
	}
}
