package main

import (
	"fmt"
	"os"

	"github.com/plimsoll/plimsoll/rules"
)

func main() {
	for _, r := range rules.Builtin() {
		if r.ID == os.Args[1] {
			fmt.Println(r.Example)
		}
	}
}
