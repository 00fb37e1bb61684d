// Loaded first by esokit/pulumi: every component needs these two packages.
import { checkPeer } from './peers';

checkPeer('@pulumi/pulumi');
checkPeer('@pulumi/kubernetes');
